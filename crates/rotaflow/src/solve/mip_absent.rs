//! The `mip` method in a build without the `mip` cargo feature: never ready.

use super::Settings;
use super::backend::{Backend, Capability, Outcome};
use crate::error::{Error, Result};
use crate::index::Index;
use crate::model::Method;

/// The MIP backend of a build without HiGHS.
pub(crate) struct MipBackend;

impl Backend for MipBackend {
    const METHOD: Method = Method::Mip;
    type Model = ();

    fn prepare(&self, _: &Index<'_>, _: &Settings) -> Result<Capability<()>> {
        Ok(Capability::Unavailable(
            "this build of rotaflow has no MIP solver (the `mip` cargo feature is off); use \
             `flow` on flow-representable problems"
                .to_owned(),
        ))
    }

    fn solve(&self, _: &Index<'_>, (): (), _: &Settings) -> Result<Outcome> {
        Err(Error::MethodUnavailable(
            "this build of rotaflow has no MIP solver".to_owned(),
        ))
    }
}
