<?php
// Kineo Embed for Totara / Moodle.

namespace local_kineo;

/**
 * Decides who a Totara user is to Kineo: the `sub`, `role` and `orgs` claims.
 *
 *  - a site administrator (is_siteadmin)                              → admin
 *  - holds local/kineo:viewall in the system context                 → analyst (tenant-wide)
 *  - is the manager (job_assignment.managerjaid) of someone's job
 *    assignment, in a job assignment that names an organisation       → manager, orgs = the
 *    `idnumber`s of those organisations (Kineo adds their sub-organisations)
 *  - everyone else                                                   → learner (own rows only)
 *
 * `sub` is the user's `idnumber`, the id the analytics warehouse knows; a user without a usable
 * one gets the configured prefix + their Moodle user id (a learner then simply sees no rows).
 * Every doubt resolves to less access: a manager whose organisations have no usable idnumber is
 * a learner.
 *
 * @package   local_kineo
 */
final class role_mapper {
    /** Capability that makes its holder (system context) an analyst. */
    public const VIEWALL = 'local/kineo:viewall';
    /** Most organisations a token may carry (Kineo refuses more). */
    public const MAX_ORGS = 100;

    /**
     * @param \moodle_database $db
     * @param string $subprefix put before the user id when the user has no usable idnumber.
     */
    public function __construct(private readonly \moodle_database $db, private readonly string $subprefix) {
    }

    /**
     * @param \stdClass $user a user record ($USER): id, idnumber.
     * @return array{sub: string, role: string, orgs?: string[]}
     * @throws config_exception if the user has no usable idnumber and the prefix makes an invalid id.
     */
    public function map(\stdClass $user): array {
        $sub = $this->subject_for($user);
        if (is_siteadmin($user->id)) {
            return ['sub' => $sub, 'role' => 'admin'];
        }
        if (has_capability(self::VIEWALL, \context_system::instance(), $user->id)) {
            return ['sub' => $sub, 'role' => 'analyst'];
        }
        $orgs = $this->managed_organisations((int) $user->id);
        if ($orgs) {
            return ['sub' => $sub, 'role' => 'manager', 'orgs' => $orgs];
        }
        return ['sub' => $sub, 'role' => 'learner'];
    }

    /** The user's idnumber if Kineo can take it as an id, else prefix + user id. */
    public function subject_for(\stdClass $user): string {
        $idnumber = trim((string) ($user->idnumber ?? ''));
        if (preg_match(token_issuer::SUBJECT_PATTERN, $idnumber)) {
            return $idnumber;
        }
        $fallback = $this->subprefix . $user->id;
        if (!preg_match(token_issuer::SUBJECT_PATTERN, $fallback)) {
            throw new config_exception('the user id prefix (local_kineo | subprefix) does not make a valid id');
        }
        return $fallback;
    }

    /**
     * The idnumbers of the organisations of the user's own job assignments through which they
     * manage someone (another job assignment has `managerjaid` = that assignment), in job
     * assignment order. Empty on a site without Totara's job assignments.
     *
     * @return string[]
     */
    public function managed_organisations(int $userid): array {
        $dbman = $this->db->get_manager();
        if (!$dbman->table_exists('job_assignment') || !$dbman->table_exists('org')) {
            return [];
        }
        $orgs = [];
        $assignments = $this->db->get_records('job_assignment', ['userid' => $userid], 'sortorder, id', 'id, organisationid');
        foreach ($assignments as $assignment) {
            if (empty($assignment->organisationid)) {
                continue;
            }
            if (!$this->db->record_exists('job_assignment', ['managerjaid' => $assignment->id])) {
                continue;
            }
            $idnumber = trim((string) $this->db->get_field('org', 'idnumber', ['id' => $assignment->organisationid]));
            // Kept as strings: a numeric idnumber must not turn into a JSON number.
            if (preg_match(token_issuer::SUBJECT_PATTERN, $idnumber) && !in_array($idnumber, $orgs, true)) {
                $orgs[] = $idnumber;
            }
        }
        return array_slice($orgs, 0, self::MAX_ORGS);
    }
}
