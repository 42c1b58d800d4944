<?php
// Kineo Embed for Totara / Moodle: English strings.

/**
 * @package   local_kineo
 */

defined('MOODLE_INTERNAL') || die();

$string['pluginname'] = 'Kineo Embed';
$string['kineo:viewall'] = 'See learning analytics of the whole organisation (Kineo analyst)';

$string['apiurl'] = 'Kineo API URL';
$string['apiurl_desc'] = 'Where the Kineo API runs, e.g. https://analytics.example.com. Pages load the dashboards from there.';
$string['tenant'] = 'Tenant id';
$string['tenant_desc'] = 'This site\'s tenant id in Kineo, e.g. acme.';
$string['issuer'] = 'Issuer';
$string['issuer_desc'] = 'The issuer (iss) Kineo has registered for the tenant, exactly, e.g. https://lms.acme.example.';
$string['audience'] = 'Audience';
$string['audience_desc'] = 'The audience (aud) of the tokens; kineo-embed unless your Kineo operator says otherwise.';
$string['kid'] = 'Key id';
$string['kid_desc'] = 'The id (kid) under which Kineo has registered this site\'s key, e.g. acme-2026.';
$string['alg'] = 'Signing algorithm';
$string['alg_desc'] = 'HS256 signs with a secret shared with Kineo; EdDSA signs with an Ed25519 private key whose public key is registered in Kineo.';
$string['alg_hs256'] = 'HS256 (shared secret)';
$string['alg_eddsa'] = 'EdDSA (Ed25519 key pair)';
$string['secret'] = 'HS256 secret';
$string['secret_desc'] = 'For HS256: the secret shared with Kineo, base64url text of at least 32 random bytes.';
$string['edseed'] = 'Ed25519 private key';
$string['edseed_desc'] = 'For EdDSA: the 32-byte private key seed, base64url (the "d" of its JWK). Only its public key goes to Kineo.';
$string['publickey'] = 'Public key to register in Kineo';
$string['publickey_invalid'] = 'The Ed25519 private key is not base64url text of a 32-byte seed.';
$string['subprefix'] = 'User id prefix';
$string['subprefix_desc'] = 'The subject of a user without an ID number is this prefix followed by their user id.';
$string['ttl'] = 'Token lifetime (seconds)';
$string['ttl_desc'] = 'How long a token is valid: 600 (10 minutes) by default, at most 900.';
$string['dashboards'] = 'Dashboards';
$string['dashboards_desc'] = 'Comma-separated dashboard ids the tokens are limited to; empty for every dashboard of the tenant.';
$string['snippet'] = 'Page snippet';

$string['privacy:metadata:kineo'] = 'To show learning analytics, the plugin sends a signed token identifying the user to the Kineo API.';
$string['privacy:metadata:kineo:idnumber'] = 'The user\'s ID number (or user id), as the token\'s subject.';
$string['privacy:metadata:kineo:role'] = 'The user\'s analytics role: administrator, analyst, manager or learner.';
$string['privacy:metadata:kineo:organisations'] = 'The ID numbers of the organisations the user manages.';
