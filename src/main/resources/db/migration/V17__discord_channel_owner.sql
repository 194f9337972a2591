-- A Discord channel takes the commands of one project only. Before this, several projects (of any tenants)
-- could map the same channel and the lowest project id took it over; that project keeps it, the others'
-- claims on it go. channel_id repeats discord_id on channel rows and is null on role rows, so that the
-- unique constraint holds channels to one project while one Discord role may serve several projects.
DELETE FROM chatops_discord_roles
WHERE kind = 'channel'
  AND EXISTS (SELECT 1 FROM chatops_discord_roles older
              WHERE older.kind = 'channel' AND older.discord_id = chatops_discord_roles.discord_id
                AND older.project_id < chatops_discord_roles.project_id);
ALTER TABLE chatops_discord_roles ADD COLUMN channel_id VARCHAR(30);
UPDATE chatops_discord_roles SET channel_id = discord_id WHERE kind = 'channel';
ALTER TABLE chatops_discord_roles ADD CONSTRAINT chatops_discord_channel_one_project UNIQUE (channel_id);
