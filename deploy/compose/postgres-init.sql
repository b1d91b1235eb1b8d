-- Runs once, on the first start of the compose PostgreSQL: Apicurio's SQL storage lives next to
-- shelfstream's own database.
CREATE DATABASE apicurio OWNER shelfstream;
