<?php
// Kineo Embed for Totara / Moodle.

namespace local_kineo\privacy;

use core_privacy\local\metadata\collection;

/**
 * Privacy API: the plugin stores nothing, but sends the signed-in user's ids to Kineo.
 *
 * @package   local_kineo
 */
class provider implements \core_privacy\local\metadata\provider {
    public static function get_metadata(collection $collection): collection {
        $collection->add_external_location_link('kineo', [
            'idnumber' => 'privacy:metadata:kineo:idnumber',
            'role' => 'privacy:metadata:kineo:role',
            'organisations' => 'privacy:metadata:kineo:organisations',
        ], 'privacy:metadata:kineo');
        return $collection;
    }
}
