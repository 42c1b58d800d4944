<?php
// Kineo Embed for Totara / Moodle: mints embed tokens for the signed-in user.

/**
 * Version details.
 *
 * @package   local_kineo
 */

defined('MOODLE_INTERNAL') || die();

$plugin->component = 'local_kineo';
$plugin->version   = 2026060100;          // YYYYMMDDXX.
$plugin->requires  = 2017111300;          // Moodle 3.4 API level (Totara 13+); PHP 8.1+ is the real floor.
$plugin->maturity  = MATURITY_BETA;
$plugin->release   = '0.1.0';
