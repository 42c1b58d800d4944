<?php
// Kineo Embed for Totara / Moodle: admin settings (Site administration > Plugins > Local plugins > Kineo Embed).

/**
 * Settings. The HS256 secret and the Ed25519 seed are password fields; on a production site
 * prefer forcing them from config.php, e.g.
 *   $CFG->forced_plugin_settings['local_kineo']['secret'] = getenv('KINEO_EMBED_SECRET');
 *
 * @package   local_kineo
 */

defined('MOODLE_INTERNAL') || die();

if ($hassiteconfig) {
    $settings = new admin_settingpage('local_kineo', new lang_string('pluginname', 'local_kineo'));
    $ADMIN->add('localplugins', $settings);

    $settings->add(new admin_setting_configtext('local_kineo/apiurl',
        new lang_string('apiurl', 'local_kineo'), new lang_string('apiurl_desc', 'local_kineo'), '', PARAM_URL));
    $settings->add(new admin_setting_configtext('local_kineo/tenant',
        new lang_string('tenant', 'local_kineo'), new lang_string('tenant_desc', 'local_kineo'), '', PARAM_RAW_TRIMMED));
    $settings->add(new admin_setting_configtext('local_kineo/issuer',
        new lang_string('issuer', 'local_kineo'), new lang_string('issuer_desc', 'local_kineo'), '', PARAM_RAW_TRIMMED));
    $settings->add(new admin_setting_configtext('local_kineo/audience',
        new lang_string('audience', 'local_kineo'), new lang_string('audience_desc', 'local_kineo'),
        \local_kineo\token_issuer::DEFAULT_AUDIENCE, PARAM_RAW_TRIMMED));
    $settings->add(new admin_setting_configtext('local_kineo/kid',
        new lang_string('kid', 'local_kineo'), new lang_string('kid_desc', 'local_kineo'), '', PARAM_RAW_TRIMMED));
    $settings->add(new admin_setting_configselect('local_kineo/alg',
        new lang_string('alg', 'local_kineo'), new lang_string('alg_desc', 'local_kineo'), 'HS256', [
            'HS256' => new lang_string('alg_hs256', 'local_kineo'),
            'EdDSA' => new lang_string('alg_eddsa', 'local_kineo'),
        ]));
    $settings->add(new admin_setting_configpasswordunmask('local_kineo/secret',
        new lang_string('secret', 'local_kineo'), new lang_string('secret_desc', 'local_kineo'), ''));
    $settings->add(new admin_setting_configpasswordunmask('local_kineo/edseed',
        new lang_string('edseed', 'local_kineo'), new lang_string('edseed_desc', 'local_kineo'), ''));

    // The public key to register in Kineo, once an Ed25519 seed is saved. Never shows the seed.
    $edseed = (string) get_config('local_kineo', 'edseed');
    if ($edseed !== '') {
        try {
            $jwk = \local_kineo\jwt::ed25519_public_jwk(\local_kineo\jwt::base64url_decode($edseed));
            $hostkey = 'kid: ' . (string) get_config('local_kineo', 'kid') . "\nalg: EdDSA\npublicKey: "
                . json_encode($jwk, JSON_UNESCAPED_SLASHES);
            $publickey = html_writer::tag('pre', s($hostkey));
        } catch (\InvalidArgumentException $e) {
            $publickey = get_string('publickey_invalid', 'local_kineo');
        }
        $settings->add(new admin_setting_description('local_kineo/publickey',
            new lang_string('publickey', 'local_kineo'), $publickey));
    }

    $settings->add(new admin_setting_configtext('local_kineo/subprefix',
        new lang_string('subprefix', 'local_kineo'), new lang_string('subprefix_desc', 'local_kineo'), 'totara-user-',
        PARAM_RAW_TRIMMED));
    $settings->add(new admin_setting_configtext('local_kineo/ttl',
        new lang_string('ttl', 'local_kineo'), new lang_string('ttl_desc', 'local_kineo'),
        (string) \local_kineo\token_issuer::DEFAULT_TTL, PARAM_INT));
    $settings->add(new admin_setting_configtext('local_kineo/dashboards',
        new lang_string('dashboards', 'local_kineo'), new lang_string('dashboards_desc', 'local_kineo'), '',
        PARAM_RAW_TRIMMED));

    // A ready-to-paste page snippet, once the API URL is saved.
    try {
        $snippet = \local_kineo\embed::dashboard_html('learning-progress');
        $settings->add(new admin_setting_description('local_kineo/snippet',
            new lang_string('snippet', 'local_kineo'), html_writer::tag('pre', s($snippet))));
    } catch (\local_kineo\config_exception $e) {
        // No API URL yet: nothing to show.
    }
}
