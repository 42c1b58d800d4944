<?php
// Kineo Embed for Totara / Moodle: test harness only, never install this.
//
// Runs the real local/kineo/token.php under the PHP CLI, against the stand-ins of
// moodle_stubs.php, for one scenario; prints the endpoint's body on stdout and, on stderr, one
// line `kineo-harness-response {"status": …, "headers": […], "sessionClosed": …}`.
//
//   php examples/totara/tests/token_endpoint.php [options]
//
// Options (the signed-in user and the Totara data):
//   --user-id=N            Moodle user id (default 2)
//   --idnumber=S           the user's ID number (default: none)
//   --admin                the user is a site administrator
//   --analyst              the user holds local/kineo:viewall in the system context
//   --guest                the session is the guest user's
//   --logged-out           nobody is signed in
//   --job-assignments=JSON Totara job_assignment rows: [{"id":1,"userid":2,"organisationid":7,
//                          "managerjaid":null,"sortorder":1}, …] (missing columns are null / 1)
//   --orgs=JSON            Totara org rows: [{"id":7,"idnumber":"acme-o0002"}, …]
//   --no-totara            a plain Moodle site: no job_assignment or org table
//   --method=M             the request method (default POST)
//   --print=WHAT           token (default: run token.php), public-jwk (the Ed25519 public JWK of
//                          the configured seed) or snippet=DASHBOARD (embed::dashboard_html)
//
// The plugin settings come from the environment (unset: the setting is not saved), one variable
// per setting of local_kineo, so they cannot be mistaken for the Kineo server's own KINEO_* ones:
//   LOCAL_KINEO_API_URL, LOCAL_KINEO_TENANT, LOCAL_KINEO_ISSUER, LOCAL_KINEO_AUDIENCE,
//   LOCAL_KINEO_KID, LOCAL_KINEO_ALG, LOCAL_KINEO_SECRET (HS256, base64url),
//   LOCAL_KINEO_ED25519_SEED (base64url), LOCAL_KINEO_SUB_PREFIX, LOCAL_KINEO_TTL,
//   LOCAL_KINEO_DASHBOARDS
//
// Exit status 0 when the endpoint answered (whatever its HTTP status); 2 for a bad scenario, a
// PHP warning or notice, or an uncaught exception.

if (PHP_SAPI !== 'cli') {
    exit(2);
}

ini_set('display_errors', 'stderr');
error_reporting(E_ALL);
set_error_handler(static function (int $severity, string $message, string $file, int $line): bool {
    throw new ErrorException($message, 0, $severity, $file, $line);
});
set_exception_handler(static function (Throwable $e): void {
    fwrite(STDERR, 'kineo-harness: ' . get_class($e) . ': ' . $e->getMessage() . ' at ' . $e->getFile() . ':' . $e->getLine() . "\n");
    exit(2);
});

const KINEO_HARNESS_SETTINGS = [
    'apiurl' => 'LOCAL_KINEO_API_URL',
    'tenant' => 'LOCAL_KINEO_TENANT',
    'issuer' => 'LOCAL_KINEO_ISSUER',
    'audience' => 'LOCAL_KINEO_AUDIENCE',
    'kid' => 'LOCAL_KINEO_KID',
    'alg' => 'LOCAL_KINEO_ALG',
    'secret' => 'LOCAL_KINEO_SECRET',
    'edseed' => 'LOCAL_KINEO_ED25519_SEED',
    'subprefix' => 'LOCAL_KINEO_SUB_PREFIX',
    'ttl' => 'LOCAL_KINEO_TTL',
    'dashboards' => 'LOCAL_KINEO_DASHBOARDS',
];

/** @return array<string, string|true> */
function kineo_harness_options(array $argv): array {
    $known = ['user-id', 'idnumber', 'admin', 'analyst', 'guest', 'logged-out', 'job-assignments', 'orgs', 'no-totara',
        'method', 'print'];
    $options = [];
    foreach (array_slice($argv, 1) as $arg) {
        if (!preg_match('/^--([a-z-]+)(?:=(.*))?\z/s', $arg, $m) || !in_array($m[1], $known, true)) {
            throw new InvalidArgumentException("unknown argument {$arg} (see the comment at the top of this file)");
        }
        $options[$m[1]] = array_key_exists(2, $m) ? $m[2] : true;
    }
    return $options;
}

/** @return list<array<string, mixed>> */
function kineo_harness_rows(string|bool $json, string $option, array $defaults): array {
    if ($json === true) {
        throw new InvalidArgumentException("--{$option} needs =JSON");
    }
    $rows = json_decode($json === false ? '[]' : $json, true, 16, JSON_THROW_ON_ERROR);
    if (!is_array($rows) || !array_is_list($rows)) {
        throw new InvalidArgumentException("--{$option} must be a JSON array of objects");
    }
    return array_map(static function ($row) use ($option, $defaults): array {
        if (!is_array($row) || !isset($row['id'])) {
            throw new InvalidArgumentException("every --{$option} row needs an id");
        }
        return $row + $defaults;
    }, $rows);
}

function kineo_harness_copy_tree(string $from, string $to): void {
    mkdir($to, 0700, true);
    foreach (scandir($from) as $name) {
        if ($name === '.' || $name === '..') {
            continue;
        }
        is_dir("{$from}/{$name}") ? kineo_harness_copy_tree("{$from}/{$name}", "{$to}/{$name}") : copy("{$from}/{$name}", "{$to}/{$name}");
    }
}

function kineo_harness_remove_tree(string $dir): void {
    foreach (scandir($dir) as $name) {
        if ($name !== '.' && $name !== '..') {
            is_dir("{$dir}/{$name}") && !is_link("{$dir}/{$name}") ? kineo_harness_remove_tree("{$dir}/{$name}") : unlink("{$dir}/{$name}");
        }
    }
    rmdir($dir);
}

require_once(__DIR__ . '/moodle_stubs.php');

$kineooptions = kineo_harness_options($argv);
$kineouserid = (int) ($kineooptions['user-id'] ?? 2);
if ($kineouserid < 2) {
    throw new InvalidArgumentException('--user-id must be 2 or more (0 is nobody, 1 the guest)');
}
$kineoguest = isset($kineooptions['guest']);
$kineosettings = [];
foreach (KINEO_HARNESS_SETTINGS as $kineoname => $kineoenv) {
    $kineovalue = getenv($kineoenv);
    if ($kineovalue !== false) {
        $kineosettings[$kineoname] = $kineovalue;
    }
}
kineo_harness(new kineo_harness(
    'https://totara.example.test',
    [
        'id' => $kineoguest ? 1 : $kineouserid,
        'idnumber' => (string) ($kineooptions['idnumber'] ?? ''),
        'loggedin' => !isset($kineooptions['logged-out']),
        'guest' => $kineoguest,
        'admin' => isset($kineooptions['admin']),
        'capabilities' => isset($kineooptions['analyst']) ? ['local/kineo:viewall'] : [],
    ],
    $kineosettings,
    isset($kineooptions['no-totara']) ? null : [
        'job_assignment' => kineo_harness_rows($kineooptions['job-assignments'] ?? false, 'job-assignments',
            ['userid' => null, 'organisationid' => null, 'managerjaid' => null, 'sortorder' => 1]),
        'org' => kineo_harness_rows($kineooptions['orgs'] ?? false, 'orgs', ['idnumber' => null]),
    ],
));

// A throwaway site root: the stand-in config.php and a byte-for-byte copy of the plugin, so that
// token.php's own `require_once(__DIR__ . '/../../config.php')` finds the stand-in.
$kineodirroot = sys_get_temp_dir() . '/kineo-totara-' . bin2hex(random_bytes(6));
kineo_harness_copy_tree(dirname(__DIR__) . '/local/kineo', $kineodirroot . '/local/kineo');
file_put_contents($kineodirroot . '/config.php', "<?php\n// Stand-in for a Totara site's config.php, written by the Kineo test harness.\n"
    . 'require_once(' . var_export(__DIR__ . '/moodle_stubs.php', true) . ");\n"
    . 'kineo_harness_boot(' . var_export($kineodirroot, true) . ");\n");

$kineoprint = $kineooptions['print'] ?? 'token';
if ($kineoprint !== 'token') {
    require($kineodirroot . '/config.php');
    try {
        if ($kineoprint === 'public-jwk') {
            echo json_encode(\local_kineo\jwt::ed25519_public_jwk(\local_kineo\jwt::base64url_decode((string) getenv('LOCAL_KINEO_ED25519_SEED'))),
                JSON_UNESCAPED_SLASHES), "\n";
        } else if (str_starts_with((string) $kineoprint, 'snippet=')) {
            echo \local_kineo\embed::dashboard_html(substr($kineoprint, strlen('snippet='))), "\n";
        } else {
            throw new InvalidArgumentException("unknown --print={$kineoprint}");
        }
    } finally {
        kineo_harness_remove_tree($kineodirroot);
    }
    exit(0);
}

$_SERVER['REQUEST_METHOD'] = strtoupper((string) ($kineooptions['method'] ?? 'POST'));
register_shutdown_function(static function () use ($kineodirroot): void {
    $body = ob_get_clean();
    kineo_harness_remove_tree($kineodirroot);
    $harness = kineo_harness();
    fwrite(STDERR, 'kineo-harness-response ' . json_encode([
        'status' => $harness->status,
        'headers' => $harness->headers,
        'sessionClosed' => $harness->sessionclosed,
    ], JSON_UNESCAPED_SLASHES) . "\n");
    echo $body;
});
ob_start();
// At the top level, as Moodle runs it: token.php and its config.php share the global scope.
require($kineodirroot . '/local/kineo/token.php');
