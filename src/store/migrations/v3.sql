-- Version 2 → 3: who acted (SPEC §5, issue 17). Every audit entry records
-- the account that ran the program (the name of the real user id, from the
-- system) beside the self-declared operator name, and the session (one
-- running program) it was made in, by which undo finds the program's own
-- changes. Entries made before this version get account '' — the account
-- was never recorded, and the operator name is not one (it came from
-- --operator or $USER) — and session '', so no running program undoes them.
ALTER TABLE audit ADD COLUMN account TEXT NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN session TEXT NOT NULL DEFAULT '';
CREATE INDEX audit_session ON audit(session, id);
