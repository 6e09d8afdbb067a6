//! Release signatures as the Tauri CLI makes them, for tests of publishing and updating.

use base64::Engine;

/// A key pair as `tauri signer generate` makes one: the public key as the app's
/// `tauri.conf.json` holds it (base64 of minisign's text).
pub struct Signer {
    keys: minisign::KeyPair,
    /// What `plugins.updater.pubkey` and `release publish --public-key` take.
    pub public: String,
}

impl Signer {
    pub fn new() -> Signer {
        let keys = minisign::KeyPair::generate_unencrypted_keypair().expect("keys");
        let public = base64(&keys.pk.to_box().expect("public key").into_string());
        Signer { keys, public }
    }

    /// A `.sig` file as `tauri signer sign` writes it: the version in the signed comment.
    pub fn sign(&self, bytes: &[u8], file: &str, version: &str) -> String {
        let comment = format!("timestamp:1767225600\tfile:{file}\tversion:{version}");
        let signature =
            minisign::sign(Some(&self.keys.pk), &self.keys.sk, bytes, Some(&comment), Some("signature")).expect("sign");
        base64(&signature.into_string())
    }
}

impl Default for Signer {
    fn default() -> Signer {
        Signer::new()
    }
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer").field("public", &self.public).finish_non_exhaustive()
    }
}

fn base64(text: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(text)
}
