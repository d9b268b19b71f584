# peer-iscsi-grow's volume as both turns left it; the same event again (3 GiB, nothing grown) to each system.
use_volume peer-iscsi
peer os-brick "$AFTER_DIR/request.json"
peer brick-worker "$AFTER_DIR/request.json"
