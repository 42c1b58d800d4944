<?php
// Kineo Embed for Totara / Moodle.

namespace local_kineo;

/**
 * The plugin's settings cannot mint a token. The message names the setting at fault, never its value.
 *
 * @package   local_kineo
 */
class config_exception extends \RuntimeException {
}
