// LEMON driver for the peer comparison (benches/peers/run.py).
//
//   lemon_solve ALGORITHM FILE.min REPEAT
//
// ALGORITHM is `ns` (NetworkSimplex, block-search pivoting, LEMON's default) or `cs`
// (CostScaling, LEMON's default augment-relabel variant). The DIMACS file is read once
// (not timed); then REPEAT times the solver object is built on the graph and run, and the
// wall time of each build+run is printed. Output (stdout):
//
//   optimum COST            (or `status infeasible` / `status unbounded`)
//   time_ms T1 T2 ...
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <lemon/cost_scaling.h>
#include <lemon/dimacs.h>
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

using namespace lemon;
typedef long long Value;
typedef SmartDigraph Graph;

template <typename Solver>
static int report(Solver& solver, typename Solver::ProblemType status, double ms, bool first) {
  if (first) {
    if (status == Solver::OPTIMAL) {
      std::cout << "optimum " << solver.template totalCost<Value>() << "\n";
    } else if (status == Solver::INFEASIBLE) {
      std::cout << "status infeasible\n";
    } else {
      std::cout << "status unbounded\n";
    }
    std::cout << "time_ms";
  }
  std::printf(" %.3f", ms);
  std::fflush(stdout);
  return status == Solver::OPTIMAL ? 0 : 4;
}

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: lemon_solve ns|cs FILE.min REPEAT\n";
    return 2;
  }
  std::string algo = argv[1];
  std::ifstream in(argv[2]);
  if (!in) {
    std::cerr << "cannot read " << argv[2] << "\n";
    return 3;
  }
  int repeat = std::atoi(argv[3]);
  Graph g;
  Graph::ArcMap<Value> lower(g), cap(g), cost(g);
  Graph::NodeMap<Value> supply(g);
  readDimacsMin(in, g, lower, cap, cost, supply);
  int code = 0;
  for (int r = 0; r < repeat; ++r) {
    auto t0 = std::chrono::steady_clock::now();
    if (algo == "ns") {
      NetworkSimplex<Graph, Value, Value> ns(g);
      ns.lowerMap(lower).upperMap(cap).costMap(cost).supplyMap(supply);
      auto st = ns.run(NetworkSimplex<Graph, Value, Value>::BLOCK_SEARCH);
      double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
      code = report(ns, st, ms, r == 0);
    } else if (algo == "cs") {
      CostScaling<Graph, Value, Value> cs(g);
      cs.lowerMap(lower).upperMap(cap).costMap(cost).supplyMap(supply);
      auto st = cs.run();
      double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
      code = report(cs, st, ms, r == 0);
    } else {
      std::cerr << "unknown algorithm " << algo << "\n";
      return 2;
    }
  }
  std::cout << "\n";
  return code;
}
