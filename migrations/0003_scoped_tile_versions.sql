-- Up Migration

-- Versions for the scoped layers whose tiles the server caches per caller scope (tiles/cache.ts).
-- A statement on any table a layer's SQL reads bumps that layer, so a cached tile is never served
-- after a write. `members` has no version: positions change every few seconds, its tiles are live.
INSERT INTO tile_layer_version (layer) VALUES ('orgs'), ('zones'), ('sites'), ('joint_points');

-- org: every scoped layer joins org for the scope test (and orgs.sql draws it).
CREATE TRIGGER org_tiles AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON org
  FOR EACH STATEMENT EXECUTE FUNCTION bump_tile_layers('orgs', 'zones', 'sites', 'joint_points');
-- member: orgs.sql counts each organisation's members.
CREATE TRIGGER member_tiles AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON member
  FOR EACH STATEMENT EXECUTE FUNCTION bump_tile_layers('orgs');
CREATE TRIGGER zone_tiles AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON zone
  FOR EACH STATEMENT EXECUTE FUNCTION bump_tile_layers('zones');
CREATE TRIGGER site_tiles AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON site
  FOR EACH STATEMENT EXECUTE FUNCTION bump_tile_layers('sites');
CREATE TRIGGER joint_point_tiles AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON joint_point
  FOR EACH STATEMENT EXECUTE FUNCTION bump_tile_layers('joint_points');
CREATE TRIGGER joint_point_org_tiles AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON joint_point_org
  FOR EACH STATEMENT EXECUTE FUNCTION bump_tile_layers('joint_points');
CREATE TRIGGER joint_point_partner_tiles AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON joint_point_partner
  FOR EACH STATEMENT EXECUTE FUNCTION bump_tile_layers('joint_points');

-- Down Migration

DROP TRIGGER joint_point_partner_tiles ON joint_point_partner;
DROP TRIGGER joint_point_org_tiles ON joint_point_org;
DROP TRIGGER joint_point_tiles ON joint_point;
DROP TRIGGER site_tiles ON site;
DROP TRIGGER zone_tiles ON zone;
DROP TRIGGER member_tiles ON member;
DROP TRIGGER org_tiles ON org;
DELETE FROM tile_layer_version WHERE layer IN ('orgs', 'zones', 'sites', 'joint_points');
