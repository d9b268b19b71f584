# A fresh iSCSI volume at 1 GiB with LUKS2 on its map, opened as peercrypt with a passphrase that is a key's hex (as
# os-brick's encryptor makes it); os-brick: LUN 1 → 2 GiB, its connector's extend_volume then its LUKS2 encryptor's
# (Nova's order); the worker: 2 → 3 GiB, the same passphrase in --crypt-key-dir.
iscsi_volume peer-luks 1G
mkdir -p "$BRICK_KEYS"; chmod 700 "$BRICK_KEYS"
head -c 32 /dev/urandom | xxd -p -c 64 | tr -d '\n' > "$BRICK_KEYS/peercrypt.key"
luks_volume peer-luks peercrypt
# the LUKS header: the map's size less the mapping's, both fresh
role map && read_first "/sys/block/$LOCATED/size" && _ms=$_v && role crypt && read_first "/sys/block/$LOCATED/size" \
  && echo $(( _ms - _v )) > top-offset || fail "cannot read the sizes of the map and the mapping"
PEER_LUKS="/dev/mapper/peercrypt $BRICK_KEYS/peercrypt.key"
step grow-1 brick_iscsi_grow peer-luks 2G
iscsi_request peer-luks 2G
peer os-brick request.json
step grow-2 brick_iscsi_grow peer-luks 3G
iscsi_request peer-luks 3G
peer brick-worker request.json
