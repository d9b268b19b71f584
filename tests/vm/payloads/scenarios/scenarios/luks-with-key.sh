# luks-no-key's request again, with --crypt-key-dir holding brickcrypt.key.
use_volume luks
extend "$AFTER_DIR/request.json" --crypt-key-dir "$BRICK_KEYS"
