-- Up Migration

-- The one definition of "online" (issue 16): a terminal is online when its latest fix is at most
-- terminal_online_window() old at the moment asked about. The big screen, the live layer's
-- snapshot, the terminal list, portraits and member details all call terminal_online(); the
-- web's labels read the same window from api/devices/online.ts, which a test holds equal to
-- this. The device_offline warning is a different, longer threshold (device.offline_after, at
-- least an hour): a terminal it names has long stopped being online.
CREATE FUNCTION terminal_online_window() RETURNS interval
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT interval '30 minutes' $$;

-- A fix a little ahead of the server's clock (a terminal's clock running fast) is still fresh.
CREATE FUNCTION terminal_online(last_fix_at timestamptz, as_of timestamptz) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(last_fix_at >= as_of - terminal_online_window(), false)
$$;

-- Down Migration
DROP FUNCTION terminal_online(timestamptz, timestamptz);
DROP FUNCTION terminal_online_window();
