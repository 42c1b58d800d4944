<?php
// Kineo Embed for Totara / Moodle.

namespace local_kineo;

/**
 * Compact JWS (JWT) signing for Kineo embed tokens: base64url, HS256 and EdDSA (Ed25519).
 * Nothing here logs, prints or keeps key material.
 *
 * @package   local_kineo
 */
final class jwt {
    /** JOSE `typ` header of every embed token. */
    public const TYPE = 'kineo-embed+jwt';

    /** Fewest bytes an HS256 secret may have (the Kineo API refuses shorter ones too). */
    public const MIN_HS256_SECRET_BYTES = 32;

    /** Algorithms this plugin signs with. */
    public const ALGORITHMS = ['HS256', 'EdDSA'];

    /** Base64url without padding (RFC 7515, section 2). */
    public static function base64url_encode(string $bytes): string {
        return rtrim(strtr(base64_encode($bytes), '+/', '-_'), '=');
    }

    /**
     * Decodes base64url (or standard base64), with or without padding, as a key setting may hold
     * either. Throws \InvalidArgumentException for anything else; the message never holds the input.
     */
    public static function base64url_decode(string $text): string {
        $text = trim($text);
        if ($text === '' || !preg_match('/^[A-Za-z0-9_\-+\/]+={0,2}\z/', $text)) {
            throw new \InvalidArgumentException('not base64url text');
        }
        $base64 = strtr(rtrim($text, '='), '-_', '+/');
        $remainder = strlen($base64) % 4;
        if ($remainder === 1) {
            throw new \InvalidArgumentException('not base64url text (wrong length)');
        }
        if ($remainder !== 0) {
            $base64 .= str_repeat('=', 4 - $remainder);
        }
        $bytes = base64_decode($base64, true);
        if ($bytes === false) {
            throw new \InvalidArgumentException('not base64url text');
        }
        return $bytes;
    }

    /**
     * Signs `$claims` as a compact JWS with header {alg, kid, typ: "kineo-embed+jwt"}.
     *
     * @param array $claims JSON-encodable claims.
     * @param string $kid key id registered for the tenant in Kineo.
     * @param string $alg 'HS256' or 'EdDSA'.
     * @param string $key raw key bytes: the HS256 secret (≥ 32 bytes) or the 32-byte Ed25519 seed.
     */
    public static function sign(array $claims, string $kid, string $alg, #[\SensitiveParameter] string $key): string {
        $header = ['alg' => $alg, 'kid' => $kid, 'typ' => self::TYPE];
        $input = self::base64url_encode(self::json($header)) . '.' . self::base64url_encode(self::json($claims));
        if ($alg === 'HS256') {
            if (strlen($key) < self::MIN_HS256_SECRET_BYTES) {
                throw new \InvalidArgumentException('an HS256 secret needs at least ' . self::MIN_HS256_SECRET_BYTES . ' bytes');
            }
            $signature = hash_hmac('sha256', $input, $key, true);
        } else if ($alg === 'EdDSA') {
            $secretkey = self::ed25519_secret_key($key);
            $signature = sodium_crypto_sign_detached($input, $secretkey);
            sodium_memzero($secretkey);
        } else {
            throw new \InvalidArgumentException('unsupported algorithm (use HS256 or EdDSA)');
        }
        return $input . '.' . self::base64url_encode($signature);
    }

    /**
     * The public JWK to register in Kineo for an Ed25519 seed: {kty: OKP, crv: Ed25519, x}.
     *
     * @return array{kty: string, crv: string, x: string}
     */
    public static function ed25519_public_jwk(#[\SensitiveParameter] string $seed): array {
        $keypair = self::ed25519_keypair($seed);
        $public = sodium_crypto_sign_publickey($keypair);
        sodium_memzero($keypair);
        return ['kty' => 'OKP', 'crv' => 'Ed25519', 'x' => self::base64url_encode($public)];
    }

    /** The 64-byte libsodium secret key (seed ‖ public key) of a 32-byte seed. */
    private static function ed25519_secret_key(#[\SensitiveParameter] string $seed): string {
        $keypair = self::ed25519_keypair($seed);
        $secret = sodium_crypto_sign_secretkey($keypair);
        sodium_memzero($keypair);
        return $secret;
    }

    private static function ed25519_keypair(#[\SensitiveParameter] string $seed): string {
        if (strlen($seed) !== SODIUM_CRYPTO_SIGN_SEEDBYTES) {
            throw new \InvalidArgumentException('an Ed25519 private key seed is exactly ' . SODIUM_CRYPTO_SIGN_SEEDBYTES . ' bytes');
        }
        return sodium_crypto_sign_seed_keypair($seed);
    }

    private static function json(array $value): string {
        return json_encode($value, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_THROW_ON_ERROR);
    }
}
