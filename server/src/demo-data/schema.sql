-- The gold model every tenant namespace holds (demo data and real warehouses alike).
-- Catalog queries name these tables unqualified; the server scopes them per request.

CREATE TABLE dataset_info (
  tenant            VARCHAR NOT NULL,
  as_of             DATE    NOT NULL,  -- the date the data describes ("data as of"); queries use it as "today"
  generator_version INTEGER NOT NULL,
  seed              INTEGER NOT NULL,
  users             INTEGER NOT NULL
);

CREATE TABLE dim_organizations (
  org_id        VARCHAR PRIMARY KEY,
  org_name      VARCHAR NOT NULL,
  parent_org_id VARCHAR,             -- NULL for the root
  level         INTEGER NOT NULL,    -- 0 for the root
  path          VARCHAR NOT NULL     -- '/<root id>/<child id>/.../<org_id>/': subtree = starts_with(path, ancestor.path)
);

CREATE TABLE dim_users (
  user_id    VARCHAR PRIMARY KEY,
  full_name  VARCHAR NOT NULL,
  email      VARCHAR NOT NULL,
  org_id     VARCHAR NOT NULL,
  manager_id VARCHAR,                -- NULL for the top of the tree
  job_title  VARCHAR NOT NULL,
  hire_date  DATE    NOT NULL,
  is_active  BOOLEAN NOT NULL
);

CREATE TABLE dim_courses (
  course_id        VARCHAR PRIMARY KEY,
  course_name      VARCHAR NOT NULL,
  category         VARCHAR NOT NULL,  -- e.g. Compliance, Technical Skills, Leadership
  is_mandatory     BOOLEAN NOT NULL,
  duration_minutes INTEGER NOT NULL,
  delivery_method  VARCHAR NOT NULL   -- e-learning | classroom | blended
);

CREATE TABLE fact_course_progress (
  enrolment_id       BIGINT  NOT NULL,
  user_id            VARCHAR NOT NULL,
  org_id             VARCHAR NOT NULL, -- the learner's organisation (denormalised for row scope)
  course_id          VARCHAR NOT NULL,
  enrolled_date      DATE    NOT NULL,
  enrolled_month     DATE    NOT NULL, -- first day of the enrolment month
  due_date           DATE,             -- NULL when the course has no deadline
  completed_date     DATE,
  completed_month    DATE,             -- first day of the completion month
  status             VARCHAR NOT NULL, -- completed | in_progress | not_started | overdue (as of dataset_info.as_of)
  progress_percent   INTEGER NOT NULL, -- 0..100; 100 exactly when completed
  time_spent_minutes INTEGER NOT NULL
);

CREATE TABLE fact_certifications (
  certification_id   BIGINT  NOT NULL,
  user_id            VARCHAR NOT NULL,
  org_id             VARCHAR NOT NULL,
  certification_name VARCHAR NOT NULL,
  course_id          VARCHAR,          -- the course that leads to it, if any
  issued_date        DATE    NOT NULL,
  expires_date       DATE    NOT NULL,
  status             VARCHAR NOT NULL  -- active | expired (as of dataset_info.as_of)
);
