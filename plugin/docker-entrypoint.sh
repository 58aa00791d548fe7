#!/bin/sh
# Entrypoint of the exowatch Grafana image (plugin/Dockerfile): installs the exowatch plugin from the
# archive baked into the image into Grafana's plugins folder, replacing whatever version the data volume
# kept, then starts Grafana through the stock image's /run.sh.
set -eu
archive=/usr/share/exowatch/exowatch-exotel-datasource.zip
plugins="${GF_PATHS_PLUGINS:-/var/lib/grafana/plugins}"
rm -rf "${plugins}/exowatch-exotel-datasource"
grafana cli --pluginsDir "${plugins}" --pluginUrl "${archive}" plugins install exowatch-exotel-datasource
exec /run.sh "$@"
