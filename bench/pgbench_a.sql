-- (a) for pgbench: a filer's 20 latest items with their community and matter, and the count.
\set f random(:rmin, :rmax)
SELECT i.uuid, i.kind, i.status, i.description, i.created_at, i.due_at, c.name, m.code, m.name_zh,
       (SELECT COUNT(*) FROM item_filer x WHERE x.account_id = :f) AS total
  FROM item i JOIN item_filer f ON f.item_id = i.id AND f.account_id = :f
  JOIN community c ON c.id = i.community_id LEFT JOIN matter m ON m.id = i.matter_id
 ORDER BY i.created_at DESC, i.id DESC LIMIT 20;
