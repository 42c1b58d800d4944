<?php
// Kineo Embed for Totara / Moodle.

namespace local_kineo;

/**
 * Builds and signs the embed token of one user from the plugin settings.
 *
 * The claims: iss (the issuer Kineo has for the tenant), aud, sub, iat, exp (10 minutes by
 * default, never more than 15), jti, tenant, role, orgs (managers) and, if configured, dashboards.
 *
 * @package   local_kineo
 */
final class token_issuer {
    /** Token lifetime when the `ttl` setting is empty, in seconds. */
    public const DEFAULT_TTL = 600;
    /** Longest lifetime Kineo accepts (exp − iat), in seconds. */
    public const MAX_TTL = 900;
    /** Shortest lifetime worth minting: less would expire before a dashboard has loaded. */
    public const MIN_TTL = 60;
    /** Audience when the `audience` setting is empty. */
    public const DEFAULT_AUDIENCE = 'kineo-embed';

    /** Ids Kineo accepts for tenants, users, organisations and keys. */
    public const SUBJECT_PATTERN = '/^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,127}\z/';
    /** Ids of Kineo dashboards. */
    public const DASHBOARD_PATTERN = '/^[a-z][a-z0-9_-]{0,63}\z/';

    /**
     * @param string[] $dashboards dashboards the token is narrowed to; empty: every dashboard of the tenant.
     */
    private function __construct(
        private readonly string $tenant,
        private readonly string $issuer,
        private readonly string $audience,
        private readonly string $kid,
        private readonly string $alg,
        #[\SensitiveParameter] private readonly string $key,
        private readonly int $ttl,
        private readonly array $dashboards,
    ) {
    }

    /**
     * Reads and checks the settings (`get_config('local_kineo')`).
     *
     * @throws config_exception naming the first setting that is missing or wrong.
     */
    public static function from_config(object $config): self {
        $setting = static fn(string $name): string => trim((string) ($config->$name ?? ''));

        $tenant = $setting('tenant');
        if (!preg_match(self::SUBJECT_PATTERN, $tenant)) {
            throw new config_exception('the Kineo tenant id (local_kineo | tenant) is missing or not a valid id');
        }
        $issuer = $setting('issuer');
        if ($issuer === '' || strlen($issuer) > 200) {
            throw new config_exception('the issuer (local_kineo | issuer) is missing or longer than 200 characters');
        }
        $audience = $setting('audience') === '' ? self::DEFAULT_AUDIENCE : $setting('audience');
        $kid = $setting('kid');
        if (!preg_match(self::SUBJECT_PATTERN, $kid)) {
            throw new config_exception('the key id (local_kineo | kid) is missing or not a valid id');
        }
        $alg = $setting('alg') === '' ? 'HS256' : $setting('alg');
        if (!in_array($alg, jwt::ALGORITHMS, true)) {
            throw new config_exception('the signing algorithm (local_kineo | alg) must be HS256 or EdDSA');
        }

        if ($alg === 'HS256') {
            try {
                $key = jwt::base64url_decode($setting('secret'));
            } catch (\InvalidArgumentException $e) {
                throw new config_exception('the HS256 secret (local_kineo | secret) is missing or not base64url text');
            }
            if (strlen($key) < jwt::MIN_HS256_SECRET_BYTES) {
                throw new config_exception('the HS256 secret (local_kineo | secret) must decode to at least '
                    . jwt::MIN_HS256_SECRET_BYTES . ' bytes');
            }
        } else {
            try {
                $key = jwt::base64url_decode($setting('edseed'));
            } catch (\InvalidArgumentException $e) {
                throw new config_exception('the Ed25519 private key (local_kineo | edseed) is missing or not base64url text');
            }
            if (strlen($key) !== SODIUM_CRYPTO_SIGN_SEEDBYTES) {
                throw new config_exception('the Ed25519 private key (local_kineo | edseed) must be the 32-byte seed '
                    . '(the "d" of its JWK), base64url');
            }
        }

        $ttl = self::DEFAULT_TTL;
        if ($setting('ttl') !== '') {
            if (!preg_match('/^\d{1,6}\z/', $setting('ttl'))) {
                throw new config_exception('the token lifetime (local_kineo | ttl) must be a number of seconds');
            }
            $ttl = max(self::MIN_TTL, min(self::MAX_TTL, (int) $setting('ttl')));
        }

        $dashboards = [];
        foreach (preg_split('/[\s,]+/', $setting('dashboards'), -1, PREG_SPLIT_NO_EMPTY) as $dashboard) {
            if (!preg_match(self::DASHBOARD_PATTERN, $dashboard)) {
                throw new config_exception('the dashboards (local_kineo | dashboards) must be dashboard ids separated by commas');
            }
            $dashboards[$dashboard] = $dashboard;
        }

        return new self($tenant, $issuer, $audience, $kid, $alg, $key, $ttl, array_values($dashboards));
    }

    /**
     * Mints the token of one user.
     *
     * @param array{sub: string, role: string, orgs?: string[]} $subject from role_mapper::map().
     * @param int|null $now Unix time of issue (tests); the clock otherwise.
     * @return array{token: string, expiresAt: string} what the token endpoint returns.
     */
    public function issue(array $subject, ?int $now = null): array {
        $iat = $now ?? time();
        $exp = $iat + $this->ttl;
        $claims = [
            'iss' => $this->issuer,
            'aud' => $this->audience,
            'sub' => $subject['sub'],
            'iat' => $iat,
            'exp' => $exp,
            'jti' => bin2hex(random_bytes(16)),
            'tenant' => $this->tenant,
            'role' => $subject['role'],
        ];
        if (!empty($subject['orgs'])) {
            $claims['orgs'] = array_values(array_map('strval', $subject['orgs']));
        }
        if ($this->dashboards) {
            $claims['dashboards'] = $this->dashboards;
        }
        return [
            'token' => jwt::sign($claims, $this->kid, $this->alg, $this->key),
            'expiresAt' => gmdate('Y-m-d\TH:i:s\Z', $exp),
        ];
    }

    /** What var_dump() and print_r() show: never the key. */
    public function __debugInfo(): array {
        return ['tenant' => $this->tenant, 'issuer' => $this->issuer, 'kid' => $this->kid, 'alg' => $this->alg, 'ttl' => $this->ttl];
    }
}
