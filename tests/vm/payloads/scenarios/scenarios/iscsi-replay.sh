# iscsi-grow's request again, on its volume as that run left it.
use_volume iscsi-grow
extend "$AFTER_DIR/request.json"
