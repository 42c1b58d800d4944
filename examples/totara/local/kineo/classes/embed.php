<?php
// Kineo Embed for Totara / Moodle.

namespace local_kineo;

/**
 * The HTML that puts a Kineo dashboard into a Totara page (a block, a static page, a theme
 * template): the elements script and a <kineo-dashboard> that fetches its token from token.php.
 *
 * @package   local_kineo
 */
final class embed {
    /**
     * @param string $dashboard a Kineo dashboard id, e.g. 'learning-progress'.
     * @param object|null $config the plugin settings; get_config('local_kineo') if null.
     * @throws config_exception if the Kineo API URL is not set.
     */
    public static function dashboard_html(string $dashboard, ?object $config = null): string {
        if (!preg_match(token_issuer::DASHBOARD_PATTERN, $dashboard)) {
            throw new \InvalidArgumentException('not a dashboard id');
        }
        $config ??= get_config('local_kineo');
        $api = rtrim(trim((string) ($config->apiurl ?? '')), '/');
        if (!preg_match('#^https?://[^\s"<>]+\z#', $api)) {
            throw new config_exception('the Kineo API URL (local_kineo | apiurl) is missing or not an http(s) URL');
        }
        $tokenurl = (new \moodle_url('/local/kineo/token.php'))->out(false);
        return '<script type="module" src="' . s($api . '/elements/kineo.js') . '"></script>' . "\n"
            . '<kineo-dashboard api="' . s($api) . '" dashboard="' . s($dashboard) . '" token-url="' . s($tokenurl) . '">'
            . '</kineo-dashboard>';
    }
}
