<?php
// Kineo Embed for Totara / Moodle.

/**
 * Mints a Kineo embed token for the signed-in user: the endpoint a page's
 * <kineo-dashboard token-url="/local/kineo/token.php"> fetches, with GET or POST and the
 * user's session cookie. Answers {"token": "…", "expiresAt": "<ISO-8601 UTC>"}, never cached.
 *
 * Errors are JSON too: 401 (not signed in), 403 (guest), 405 (method), 503 (plugin not configured).
 * Neither the response nor anything logged ever holds the signing secret.
 *
 * @package   local_kineo
 */

define('AJAX_SCRIPT', true);
define('NO_DEBUG_DISPLAY', true);

require_once(__DIR__ . '/../../config.php');

use local_kineo\config_exception;
use local_kineo\json_response;
use local_kineo\role_mapper;
use local_kineo\token_issuer;

$method = $_SERVER['REQUEST_METHOD'] ?? 'GET';
$signedin = false;
if ($method === 'GET' || $method === 'POST') {
    try {
        // No guest auto-login and no redirect to the login page: a script wants JSON, not HTML.
        require_login(null, false, null, false, true);
        $signedin = true;
    } catch (moodle_exception $e) {
        $signedin = false;
    }
}

if ($method !== 'GET' && $method !== 'POST') {
    json_response::error(405, 'method_not_allowed', 'Use GET or POST.', ['Allow: GET, POST']);
} else if (!$signedin) {
    json_response::error(401, 'unauthenticated', 'Sign in to see learning analytics.');
} else if (isguestuser()) {
    json_response::error(403, 'forbidden', 'Guests cannot see learning analytics.');
} else {
    // The token depends on nothing in the session: let the user's other requests proceed.
    \core\session\manager::write_close();
    try {
        $config = get_config('local_kineo');
        $issuer = token_issuer::from_config($config);
        $mapper = new role_mapper($DB, trim((string) ($config->subprefix ?? '')));
        json_response::send(200, $issuer->issue($mapper->map($USER)));
    } catch (config_exception $e) {
        // The message names the setting at fault, never its value.
        json_response::error(503, 'not_configured', 'Kineo Embed is not configured: ' . $e->getMessage() . '.');
    }
}
