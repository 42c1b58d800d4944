/** The demo tenants: who they are, how they are organised, what they learn. */

export type DeliveryMethod = 'e-learning' | 'classroom' | 'blended';

export interface CertificationRule {
  /** Every mandatory course of the category leads to a certification. */
  mandatoryCourses: boolean;
  /** Share of the other courses of the category that lead to one. */
  otherShare: number;
  /** A certifying course's validity is one of these. */
  validityMonths: readonly number[];
}

export interface CategoryProfile {
  name: string;
  /** Course names, the most "core" first: the first `mandatoryShare` of those kept are mandatory. */
  courses: readonly string[];
  mandatoryShare: number;
  /** Share of enrolments eventually completed, before the org, learner and time modifiers. */
  completionRate: number;
  durationMinutes: readonly [min: number, max: number];
  delivery: Readonly<Record<DeliveryMethod, number>>;
  certification?: CertificationRule;
}

export interface OrgTemplate {
  name: string;
  /** The units below; each org keeps 2–6 of them. A plain string is a leaf team. */
  children?: readonly (OrgTemplate | string)[];
  /** Job titles of the people in this subtree (inherited by the units below). */
  jobTitles?: readonly string[];
  /** This unit's manager title, instead of the level's default. */
  managerTitle?: string;
  /** Enrolment weight per category for people in this subtree (1 when absent). */
  categoryAffinity?: Readonly<Record<string, number>>;
  /** Relative headcount of the teams in this subtree (1 when absent). */
  headcount?: number;
}

export interface DemoTenantProfile {
  /** Tenant id, also the prefix of every id in its data. */
  id: string;
  companyName: string;
  industry: string;
  emailDomain: string;
  defaultUsers: number;
  courseCount: readonly [min: number, max: number];
  enrolmentsPerUser: { mean: number; sd: number };
  /** Tenant-wide completion multiplier. */
  completionBias: number;
  orgTree: OrgTemplate;
  /** Manager titles by org level (0 = the root). */
  managerTitles: readonly string[];
  /** Titles of the people in non-leaf orgs who do not manage them; the first is the analyst's. */
  staffTitles: readonly string[];
  categories: readonly CategoryProfile[];
}

const acme: DemoTenantProfile = {
  id: 'acme',
  companyName: 'Acme Industries',
  industry: 'Manufacturing and retail',
  emailDomain: 'acme-industries.example',
  defaultUsers: 1200,
  courseCount: [54, 62],
  enrolmentsPerUser: { mean: 27, sd: 6 },
  completionBias: 1,
  managerTitles: ['Chief Executive Officer', 'Division Director', 'Department Manager', 'Team Leader'],
  staffTitles: ['Business Analyst', 'Operations Coordinator', 'Executive Assistant', 'Project Manager'],
  orgTree: {
    name: 'Acme Industries',
    children: [
      {
        name: 'Acme Manufacturing',
        headcount: 1.4,
        jobTitles: [
          'Machine Operator', 'Assembly Technician', 'Quality Inspector', 'Maintenance Technician',
          'Production Planner', 'Process Engineer', 'Materials Handler', 'CNC Programmer', 'Welder',
        ],
        categoryAffinity: { 'Health & Safety': 1.6, 'Technical Skills': 1.4, 'Customer Service': 0.3, Leadership: 0.8 },
        children: [
          { name: 'Assembly', children: ['Assembly Line 1', 'Assembly Line 2', 'Assembly Line 3', 'Sub-Assembly', 'Final Assembly', 'Assembly Night Shift'] },
          { name: 'Quality Assurance', children: ['Inbound Inspection', 'In-Process Quality', 'Final Inspection', 'Metrology Lab'] },
          { name: 'Plant Maintenance', children: ['Mechanical Maintenance', 'Electrical Maintenance', 'Facilities', 'Predictive Maintenance'] },
          { name: 'Plant Engineering', children: ['Process Engineering', 'Industrial Engineering', 'Automation', 'Tooling'] },
          { name: 'Production Planning', children: ['Production Scheduling', 'Materials Planning', 'Inventory Control'] },
          { name: 'Fabrication', children: ['Welding Shop', 'Machining', 'Paint Shop', 'Sheet Metal'] },
        ],
      },
      {
        name: 'Acme Retail',
        headcount: 1.5,
        jobTitles: [
          'Sales Associate', 'Cashier', 'Store Supervisor', 'Visual Merchandiser', 'Stock Associate',
          'Customer Service Advisor', 'Online Order Picker', 'Assistant Store Manager',
        ],
        categoryAffinity: { 'Customer Service': 2.2, 'Health & Safety': 0.9, 'Technical Skills': 0.6 },
        children: [
          { name: 'Stores North', children: ['Acme Leeds Store', 'Acme Manchester Store', 'Acme Newcastle Store', 'Acme York Store', 'Acme Sheffield Store'] },
          { name: 'Stores South', children: ['Acme Bristol Store', 'Acme Brighton Store', 'Acme Reading Store', 'Acme Southampton Store', 'Acme Oxford Store'] },
          { name: 'Stores Midlands', children: ['Acme Birmingham Store', 'Acme Nottingham Store', 'Acme Leicester Store', 'Acme Coventry Store'] },
          { name: 'Acme Online', children: ['Web Store', 'Order Fulfilment', 'Digital Marketing', 'Marketplace Partnerships'] },
          { name: 'Merchandising', children: ['Buying', 'Visual Merchandising', 'Pricing & Promotions'] },
          { name: 'Customer Contact Centre', children: ['Inbound Support', 'Returns & Refunds', 'Social Care'] },
        ],
      },
      {
        name: 'Acme Supply Chain',
        headcount: 1.0,
        jobTitles: [
          'Warehouse Operative', 'Forklift Driver', 'Logistics Coordinator', 'HGV Driver',
          'Inventory Analyst', 'Procurement Specialist', 'Dispatch Clerk',
        ],
        categoryAffinity: { 'Health & Safety': 1.5, 'Technical Skills': 1.1, 'Customer Service': 0.5 },
        children: [
          { name: 'Warehousing', children: ['Goods In', 'Picking & Packing', 'Dispatch', 'Returns Processing'] },
          { name: 'Distribution', children: ['Northern Fleet', 'Southern Fleet', 'Route Planning', 'Last Mile'] },
          { name: 'Procurement', children: ['Direct Procurement', 'Indirect Procurement', 'Supplier Quality'] },
          { name: 'Logistics Planning', children: ['Demand Planning', 'Network Planning', 'Transport Control'] },
        ],
      },
      {
        name: 'Acme Corporate Services',
        headcount: 0.6,
        jobTitles: [
          'Accountant', 'HR Advisor', 'IT Support Analyst', 'Payroll Specialist', 'Legal Counsel',
          'Marketing Executive', 'Office Coordinator', 'Financial Analyst',
        ],
        categoryAffinity: { Leadership: 1.5, Compliance: 1.2, 'Health & Safety': 0.6, 'Customer Service': 0.5 },
        children: [
          { name: 'Finance', children: ['Financial Planning', 'Accounts Payable', 'Accounts Receivable', 'Payroll'] },
          { name: 'Human Resources', children: ['Talent Acquisition', 'HR Business Partners', 'Learning & Development', 'Reward'] },
          { name: 'Information Technology', children: ['IT Service Desk', 'Infrastructure', 'Business Applications', 'Information Security'] },
          { name: 'Legal & Risk', children: ['Legal', 'Regulatory Compliance', 'Risk Management'] },
          { name: 'Marketing', children: ['Brand', 'Campaigns', 'Customer Insights'] },
        ],
      },
    ],
  },
  categories: [
    {
      name: 'Compliance',
      courses: [
        'Acme Code of Conduct', 'Anti-Bribery and Corruption', 'Data Protection and GDPR',
        'Information Security Awareness', 'Modern Slavery in the Supply Chain', 'Equality, Diversity and Inclusion',
        'Preventing Harassment at Work', 'Whistleblowing: Speak Up at Acme', 'Competition Law Essentials',
        'Conflicts of Interest', 'Anti-Money Laundering Basics', 'Export Controls and Trade Sanctions',
      ],
      mandatoryShare: 0.75,
      completionRate: 0.86,
      durationMinutes: [20, 60],
      delivery: { 'e-learning': 0.85, blended: 0.1, classroom: 0.05 },
      certification: { mandatoryCourses: true, otherShare: 0, validityMonths: [12] },
    },
    {
      name: 'Health & Safety',
      courses: [
        'Workplace Health and Safety Induction', 'Fire Safety and Evacuation', 'Manual Handling',
        'COSHH: Hazardous Substances', 'Working at Height', 'Forklift Truck Operation', 'Lockout/Tagout Procedures',
        'First Aid at Work', 'Noise and Hearing Protection', 'PPE: Selection and Use', 'Machine Guarding Safety',
        'Slips, Trips and Falls', 'Display Screen Equipment', 'Acme Plant Safety Walkthrough',
      ],
      mandatoryShare: 0.6,
      completionRate: 0.82,
      durationMinutes: [30, 240],
      delivery: { 'e-learning': 0.45, classroom: 0.35, blended: 0.2 },
      certification: { mandatoryCourses: true, otherShare: 0.4, validityMonths: [12, 24, 36] },
    },
    {
      name: 'Technical Skills',
      courses: [
        'Lean Manufacturing Fundamentals', 'Six Sigma Yellow Belt', 'Six Sigma Green Belt', 'CNC Machining Basics',
        'Preventive Maintenance Planning', 'Root Cause Analysis (8D)', 'Statistical Process Control',
        'Inventory Management with SAP', 'Warehouse Management System Essentials', 'Excel for Operations',
        'Acme Product Range Essentials', 'Point-of-Sale System Training', 'Welding Techniques',
        'Quality Management Systems (ISO 9001)', 'Supply Chain Planning Basics', 'Reading Engineering Drawings',
      ],
      mandatoryShare: 0.07,
      completionRate: 0.66,
      durationMinutes: [60, 480],
      delivery: { 'e-learning': 0.4, classroom: 0.3, blended: 0.3 },
      certification: { mandatoryCourses: true, otherShare: 0.3, validityMonths: [24, 36] },
    },
    {
      name: 'Leadership',
      courses: [
        'First-Line Manager Essentials', 'Leading Shift Teams', 'Coaching for Performance',
        'Giving and Receiving Feedback', 'Managing Change', 'Difficult Conversations', 'Acme Leadership Programme',
        'Running Effective Meetings', 'Wellbeing for Managers', 'Strategic Thinking',
      ],
      mandatoryShare: 0,
      completionRate: 0.58,
      durationMinutes: [90, 960],
      delivery: { blended: 0.5, classroom: 0.35, 'e-learning': 0.15 },
    },
    {
      name: 'Customer Service',
      courses: [
        'The Acme Customer Promise', 'Handling Complaints', 'Serving Customers with Disabilities',
        'Upselling with Integrity', 'Telephone and Email Etiquette', 'Retail Cash Handling',
        'Click & Collect Service Standards', 'De-escalating Difficult Situations', 'Product Returns Policy',
        'Building Customer Loyalty',
      ],
      mandatoryShare: 0.1,
      completionRate: 0.72,
      durationMinutes: [30, 180],
      delivery: { 'e-learning': 0.6, classroom: 0.25, blended: 0.15 },
    },
  ],
};

const techcorp: DemoTenantProfile = {
  id: 'techcorp',
  companyName: 'TechCorp',
  industry: 'Software',
  emailDomain: 'techcorp.example',
  defaultUsers: 400,
  courseCount: [32, 40],
  enrolmentsPerUser: { mean: 22, sd: 5 },
  completionBias: 1.1,
  managerTitles: ['Chief Executive Officer', 'Vice President', 'Team Lead'],
  staffTitles: ['Data Analyst', 'Chief of Staff', 'Program Manager', 'Executive Assistant'],
  orgTree: {
    name: 'TechCorp',
    children: [
      {
        name: 'Engineering',
        headcount: 2.2,
        managerTitle: 'VP of Engineering',
        jobTitles: [
          'Software Engineer', 'Senior Software Engineer', 'Staff Engineer', 'QA Engineer',
          'DevOps Engineer', 'Site Reliability Engineer', 'Data Engineer', 'Frontend Engineer',
        ],
        categoryAffinity: { 'Technical Skills': 1.8, Security: 1.3, Leadership: 0.7, 'Product Knowledge': 0.7 },
        children: [
          'Platform Engineering', 'Payments Engineering', 'Mobile Apps', 'Data Platform',
          'Site Reliability Engineering', 'Web Frontend',
        ],
      },
      {
        name: 'Product & Design',
        headcount: 1.0,
        managerTitle: 'VP of Product',
        jobTitles: ['Product Manager', 'Senior Product Manager', 'Product Designer', 'UX Researcher', 'Product Analyst', 'Technical Writer'],
        categoryAffinity: { 'Product Knowledge': 1.7, 'Technical Skills': 1.1 },
        children: ['Product Management', 'UX Design', 'UX Research', 'Product Analytics'],
      },
      {
        name: 'Sales',
        headcount: 1.3,
        managerTitle: 'VP of Sales',
        jobTitles: ['Account Executive', 'Sales Development Representative', 'Solutions Engineer', 'Sales Operations Analyst'],
        categoryAffinity: { 'Product Knowledge': 2, 'Technical Skills': 0.5, Leadership: 1.1 },
        children: ['Enterprise Sales', 'Mid-Market Sales', 'Sales Engineering', 'Sales Operations'],
      },
      {
        name: 'Customer Success',
        headcount: 1.1,
        managerTitle: 'VP of Customer Success',
        jobTitles: ['Customer Success Manager', 'Support Engineer', 'Onboarding Specialist', 'Technical Account Manager'],
        categoryAffinity: { 'Product Knowledge': 1.8, 'Technical Skills': 0.9 },
        children: ['Customer Onboarding', 'Technical Support', 'Customer Success Management', 'Support Operations'],
      },
      {
        name: 'People & Operations',
        headcount: 0.5,
        managerTitle: 'Chief Operating Officer',
        jobTitles: ['People Partner', 'Recruiter', 'Financial Analyst', 'Legal Counsel', 'IT Administrator', 'Workplace Manager'],
        categoryAffinity: { Compliance: 1.3, Leadership: 1.3, 'Technical Skills': 0.5 },
        children: ['People Team', 'Talent Acquisition', 'Finance', 'Legal', 'Workplace & IT'],
      },
    ],
  },
  categories: [
    {
      name: 'Compliance',
      courses: [
        'TechCorp Code of Conduct', 'Data Privacy: GDPR and CCPA', 'Anti-Harassment Training',
        'Anti-Bribery and Corruption', 'Insider Trading Policy', 'Export Compliance for Software',
        'Building an Inclusive Workplace', 'Open Source License Compliance',
      ],
      mandatoryShare: 0.75,
      completionRate: 0.9,
      durationMinutes: [15, 45],
      delivery: { 'e-learning': 0.95, blended: 0.05, classroom: 0 },
      certification: { mandatoryCourses: true, otherShare: 0, validityMonths: [12] },
    },
    {
      name: 'Security',
      courses: [
        'Security Awareness Fundamentals', 'Phishing and Social Engineering', 'Secure Coding Essentials (OWASP Top 10)',
        'Secrets Management at TechCorp', 'Incident Response Basics', 'SOC 2 Controls for Engineers',
        'Threat Modelling Workshop',
      ],
      mandatoryShare: 0.6,
      completionRate: 0.88,
      durationMinutes: [20, 120],
      delivery: { 'e-learning': 0.85, blended: 0.1, classroom: 0.05 },
      certification: { mandatoryCourses: true, otherShare: 0.3, validityMonths: [12, 24] },
    },
    {
      name: 'Technical Skills',
      courses: [
        'Kubernetes in Production', 'TypeScript Deep Dive', 'Designing Reliable APIs', 'Observability with OpenTelemetry',
        'SQL for Analysts', 'AWS Cloud Practitioner Prep', 'Terraform Foundations', 'Testing Strategies for Microservices',
        'Performance Profiling', 'Data Modelling with dbt', 'Git Workflows at TechCorp', 'SLOs and Incident Postmortems',
      ],
      mandatoryShare: 0,
      completionRate: 0.76,
      durationMinutes: [60, 600],
      delivery: { 'e-learning': 0.6, blended: 0.25, classroom: 0.15 },
      certification: { mandatoryCourses: true, otherShare: 0.35, validityMonths: [24, 36] },
    },
    {
      name: 'Leadership',
      courses: [
        'New Engineering Manager Bootcamp', 'Leading Remote Teams', 'Effective One-to-Ones',
        'Hiring and Interviewing at TechCorp', 'Giving Feedback that Lands', 'Technical Leadership for Staff Engineers',
        'Running Great Retrospectives',
      ],
      mandatoryShare: 0,
      completionRate: 0.68,
      durationMinutes: [60, 720],
      delivery: { blended: 0.45, classroom: 0.3, 'e-learning': 0.25 },
    },
    {
      name: 'Product Knowledge',
      courses: [
        'TechCorp Platform Overview', 'TechCorp Analytics Suite Deep Dive', 'Product Release Highlights 2026',
        'Pricing and Packaging', 'Integrations Marketplace', 'TechCorp API for Customers', 'Competitive Landscape',
        'TechCorp Admin Console Certification',
      ],
      mandatoryShare: 0.15,
      completionRate: 0.8,
      durationMinutes: [20, 120],
      delivery: { 'e-learning': 0.8, blended: 0.15, classroom: 0.05 },
      certification: { mandatoryCourses: false, otherShare: 0.2, validityMonths: [24] },
    },
  ],
};

export const demoTenantProfiles: readonly DemoTenantProfile[] = [acme, techcorp];

/** The tenant the `--users` flag is expressed in: the others scale with it. */
const referenceProfile = acme;

export const MIN_DEMO_USERS = 20;

export function findDemoTenantProfile(tenant: string): DemoTenantProfile {
  const profile = demoTenantProfiles.find((candidate) => candidate.id === tenant);
  if (!profile) {
    const known = demoTenantProfiles.map((candidate) => candidate.id).join(', ');
    throw new Error(`Unknown demo tenant "${tenant}"; the known tenants are: ${known}`);
  }
  return profile;
}

/**
 * The user count of `profile` when the CLI is told `--users N`: N for acme and the same share of
 * N as its default size for the others (techcorp ≈ N / 3), never below MIN_DEMO_USERS.
 * Without N, the profile's default size.
 */
export function scaledUserCount(profile: DemoTenantProfile, users?: number): number {
  if (users === undefined) return profile.defaultUsers;
  if (!Number.isFinite(users) || users <= 0) throw new Error(`users must be a positive number, got ${users}`);
  const scaled = Math.round((users * profile.defaultUsers) / referenceProfile.defaultUsers);
  return Math.max(MIN_DEMO_USERS, scaled);
}

/** How many org levels the profile's tree has (root included). */
export function orgLevelCount(template: OrgTemplate): number {
  let deepest = 0;
  for (const child of template.children ?? []) {
    deepest = Math.max(deepest, typeof child === 'string' ? 1 : orgLevelCount(child));
  }
  return 1 + deepest;
}
