# Sourced by the other scripts: the shared build environment.
#
# - CARGO_TARGET_DIR lives outside the clone (default ~/.cache/rotaflow/target) so that
#   every clone, cargo test, maturin and the benches share one build of HiGHS.
# - HiGHS (highs-sys) builds from source and needs cmake and libclang. When either is
#   missing they are installed from PyPI into the project's venv
#   (~/.cache/rotaflow/venv), and LIBCLANG_PATH points at the wheel's clang/native.
# - The same venv carries the Python tools (maturin, pytest, ...), see scripts/test.
#
# Usage: source scripts/env.sh   (from bash, with `set -euo pipefail` already in force)

ROTAFLOW_CACHE="${ROTAFLOW_CACHE:-$HOME/.cache/rotaflow}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROTAFLOW_CACHE/target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
ROTAFLOW_VENV="${ROTAFLOW_VENV:-$ROTAFLOW_CACHE/venv}"

rotaflow_venv() {
    if [ ! -x "$ROTAFLOW_VENV/bin/python" ]; then
        echo "rotaflow: creating the build venv at $ROTAFLOW_VENV" >&2
        python3 -m venv "$ROTAFLOW_VENV"
        "$ROTAFLOW_VENV/bin/python" -m pip install --quiet --upgrade pip
    fi
}

# cmake and libclang for highs-sys.
rotaflow_build_deps() {
    if ! command -v cmake >/dev/null 2>&1; then
        rotaflow_venv
        if [ ! -x "$ROTAFLOW_VENV/bin/cmake" ]; then
            echo "rotaflow: installing cmake from PyPI (needed to build HiGHS)" >&2
            "$ROTAFLOW_VENV/bin/python" -m pip install --quiet "cmake>=3.20,<5"
        fi
        export PATH="$ROTAFLOW_VENV/bin:$PATH"
    fi
    if [ -z "${LIBCLANG_PATH:-}" ]; then
        local found=""
        for dir in /usr/lib/llvm-*/lib; do
            if ls "$dir"/libclang.so* >/dev/null 2>&1 || ls "$dir"/libclang-[0-9]*.so* >/dev/null 2>&1; then
                found="$dir"
            fi
        done
        if [ -z "$found" ]; then
            rotaflow_venv
            found="$("$ROTAFLOW_VENV/bin/python" - <<'PY' 2>/dev/null || true
import importlib.util, os
spec = importlib.util.find_spec("clang")
if spec and spec.submodule_search_locations:
    native = os.path.join(list(spec.submodule_search_locations)[0], "native")
    if os.path.isdir(native):
        print(native)
PY
)"
            if [ -z "$found" ]; then
                echo "rotaflow: installing libclang from PyPI (bindgen needs it to build HiGHS)" >&2
                "$ROTAFLOW_VENV/bin/python" -m pip install --quiet "libclang>=16"
                found="$("$ROTAFLOW_VENV/bin/python" -c 'import clang, os; print(os.path.join(os.path.dirname(clang.__file__), "native"))')"
            fi
        fi
        export LIBCLANG_PATH="$found"
    fi
}
