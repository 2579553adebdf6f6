-- (b) for pgbench: insert an item row (as PostGraphile's createItem).
\set f random(:rmin, :rmax)
INSERT INTO item (uuid, kind, source, status, community_id, squad_id, filer_id, anonymous, description,
                  public_safety, media_attention, late, filer_count, priority, reopened, created_at, updated_at)
VALUES (gen_random_uuid(), 'COMPLAINT', 'CITIZEN_COMPLAINT', 'SUBMITTED', :community, :squad, :f, false,
        'pgbench', false, false, false, 1, 0, false, now(), now())
RETURNING uuid, created_at;
