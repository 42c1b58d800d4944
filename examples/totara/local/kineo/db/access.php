<?php
// Kineo Embed for Totara / Moodle: capabilities.

/**
 * Capabilities.
 *
 * local/kineo:viewall — granted at system level, makes the holder an `analyst`: tenant-wide
 * analytics, not scoped to an organisation. No role gets it by default: create an "Analytics
 * analyst" role (or add it to an existing one) and assign it in the system context.
 *
 * @package   local_kineo
 */

defined('MOODLE_INTERNAL') || die();

$capabilities = [
    'local/kineo:viewall' => [
        'riskbitmask' => RISK_PERSONAL,
        'captype' => 'read',
        'contextlevel' => CONTEXT_SYSTEM,
        'archetypes' => [],
    ],
];
