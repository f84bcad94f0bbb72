//! The host a contract runs in, called directly.
//!
//! stylus-sdk's `vm()` hands the host out as `&dyn Host`: a table of every
//! host function, which keeps all of them in any program that calls through
//! it, deploying and delegate calls included (3 KB of rETH's wasm). In the
//! wasm build [`EnvAccess::env`] is the host itself, so that a program links
//! only the host functions it calls; in native builds (motsu's tests, the
//! ABI export) it is the SDK's `vm()`, so that tests keep the host they
//! inject.

use stylus_sdk::stylus_core::HostAccess;

/// The host: stylus-sdk's `VM` in the wasm build (the lifetime is that of
/// the native builds' host).
#[cfg(target_arch = "wasm32")]
pub type Env<'a> = stylus_sdk::host::VM;

/// The host: whatever `vm()` gives in native builds.
#[cfg(not(target_arch = "wasm32"))]
pub type Env<'a> = dyn stylus_sdk::stylus_core::Host + 'a;

/// Access to the host as [`Env`], for every storage type.
pub trait EnvAccess: HostAccess {
    /// The host this contract runs in.
    #[cfg(target_arch = "wasm32")]
    fn env(&self) -> &'static Env<'static> {
        /// The one host there is: its functions are the program's imports.
        static HOST: Env<'static> = stylus_sdk::host::VM(stylus_sdk::host::WasmVM {});
        &HOST
    }

    /// The host this contract runs in.
    #[cfg(not(target_arch = "wasm32"))]
    fn env(&self) -> &Env<'_> {
        self.vm()
    }
}

impl<T: HostAccess + ?Sized> EnvAccess for T {}
