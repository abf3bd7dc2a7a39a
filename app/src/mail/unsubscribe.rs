//! The link at the foot of every notification email that stops them without signing in:
//! `/courriels?u=<person>&s=<signature>`, the signature an HMAC-SHA256 of the person's id
//! under a key the server makes on first use and keeps in the database (so every process
//! signs alike, and links survive restarts).

use sha2::{Digest, Sha256};

/// What the key signs, so a signature made for another purpose never passes for this one.
const PURPOSE: &str = "unsubscribe:";

/// HMAC-SHA256 (RFC 2104).
fn hmac(key: &[u8], message: &[u8]) -> [u8; 32] {
    const BLOCK: usize = 64;
    let mut block = [0_u8; BLOCK];
    if key.len() > BLOCK {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let pad = |byte: u8| block.map(|b| b ^ byte);
    let inner = Sha256::new()
        .chain_update(pad(0x36))
        .chain_update(message)
        .finalize();
    Sha256::new()
        .chain_update(pad(0x5c))
        .chain_update(inner)
        .finalize()
        .into()
}

/// The signature of `user_id` under `key`, in hex.
pub fn sign(key: &str, user_id: &str) -> String {
    hex::encode(hmac(
        key.as_bytes(),
        format!("{PURPOSE}{user_id}").as_bytes(),
    ))
}

/// Whether `signature` is `user_id`'s, compared in constant time.
pub fn verify(key: &str, user_id: &str, signature: &str) -> bool {
    let expected = sign(key, user_id);
    expected.len() == signature.len()
        && expected
            .bytes()
            .zip(signature.bytes())
            .fold(0_u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

/// The signing key, made on first use. Read through the caller's connection: inside a
/// write transaction on SQLite, another connection would wait for it.
pub async fn key(db: &mut sqlx::AnyConnection) -> Result<String, sqlx::Error> {
    use rand::RngCore;
    let mut fresh = [0_u8; 32];
    rand::thread_rng().fill_bytes(&mut fresh);
    super::repo::secret(db, "unsubscribe", &hex::encode(fresh)).await
}

/// The full link for `user_id`.
pub fn link(base_url: &str, key: &str, user_id: &str) -> String {
    format!(
        "{base_url}/courriels?u={}&s={}",
        crate::shared::text::encode_component(user_id),
        sign(key, user_id)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc_4231() {
        assert_eq!(
            hex::encode(hmac(b"Jefe", b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        // A key longer than a block is hashed first (test case 6).
        assert_eq!(
            hex::encode(hmac(
                &[0xaa; 131],
                b"Test Using Larger Than Block-Size Key - Hash Key First"
            )),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }

    #[test]
    fn a_signature_is_the_persons_alone() {
        let signature = sign("clé", "u1");
        assert!(verify("clé", "u1", &signature));
        assert!(!verify("clé", "u2", &signature));
        assert!(!verify("autre", "u1", &signature));
        assert!(!verify("clé", "u1", &signature[..10]));
        assert!(!verify("clé", "u1", ""));
    }
}
