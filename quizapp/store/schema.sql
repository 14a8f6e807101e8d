CREATE TABLE alembic_version (
	version_num VARCHAR(32) NOT NULL, 
	CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);
CREATE TABLE learner (
	id INTEGER NOT NULL, 
	name VARCHAR(64) NOT NULL, 
	created_at BIGINT NOT NULL, 
	settings JSON NOT NULL, role VARCHAR(16) DEFAULT 'student' NOT NULL, password_hash VARCHAR(255), password_temporary BOOLEAN DEFAULT 0 NOT NULL, failed_signins INTEGER DEFAULT '0' NOT NULL, locked_until BIGINT DEFAULT '0' NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (name)
);
CREATE TABLE source (
	id INTEGER NOT NULL, 
	name VARCHAR(255) NOT NULL, 
	sha256 VARCHAR(64) NOT NULL, 
	text VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (name)
);
CREATE TABLE deck (
	id INTEGER NOT NULL, 
	slug VARCHAR(64) NOT NULL, 
	title VARCHAR NOT NULL, 
	description VARCHAR, 
	source_id INTEGER, 
	tags JSON NOT NULL, 
	content_hash VARCHAR(64) NOT NULL, 
	cards INTEGER NOT NULL, 
	items INTEGER NOT NULL, 
	created_at BIGINT NOT NULL, 
	updated_at BIGINT NOT NULL, retired BOOLEAN DEFAULT 0 NOT NULL, exam_on VARCHAR(10), file_path VARCHAR, file_fingerprint VARCHAR, 
	PRIMARY KEY (id), 
	FOREIGN KEY(source_id) REFERENCES source (id), 
	UNIQUE (slug)
);
CREATE TABLE card (
	id INTEGER NOT NULL, 
	deck_id INTEGER NOT NULL, 
	"key" VARCHAR(64) NOT NULL, 
	type VARCHAR(16) NOT NULL, 
	content JSON NOT NULL, 
	quote VARCHAR, 
	quote_start INTEGER, 
	quote_end INTEGER, 
	explanation VARCHAR, 
	tags JSON NOT NULL, 
	position INTEGER NOT NULL, 
	retired BOOLEAN NOT NULL, 
	content_hash VARCHAR(64) NOT NULL, 
	updated_at BIGINT NOT NULL, line INTEGER, quotes JSON, 
	PRIMARY KEY (id), 
	FOREIGN KEY(deck_id) REFERENCES deck (id), 
	UNIQUE (deck_id, "key")
);
CREATE TABLE review_hour (
	learner_id INTEGER NOT NULL, 
	deck_id INTEGER NOT NULL, 
	hour BIGINT NOT NULL, 
	state INTEGER NOT NULL, 
	bucket INTEGER NOT NULL, 
	reviews INTEGER NOT NULL, 
	recalled INTEGER NOT NULL, 
	duration_ms BIGINT NOT NULL, 
	PRIMARY KEY (learner_id, deck_id, hour, state, bucket), 
	FOREIGN KEY(deck_id) REFERENCES deck (id), 
	FOREIGN KEY(learner_id) REFERENCES learner (id)
);
CREATE TABLE item (
	id INTEGER NOT NULL, 
	card_id INTEGER NOT NULL, 
	deck_id INTEGER NOT NULL, 
	"key" VARCHAR(16) NOT NULL, 
	position INTEGER NOT NULL, 
	retired BOOLEAN NOT NULL, prompt VARCHAR DEFAULT '' NOT NULL, answer VARCHAR DEFAULT '' NOT NULL, search VARCHAR DEFAULT '' NOT NULL, tags VARCHAR DEFAULT '' NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(card_id) REFERENCES card (id), 
	FOREIGN KEY(deck_id) REFERENCES deck (id), 
	UNIQUE (card_id, "key")
);
CREATE INDEX ix_item_deck_order ON item (deck_id, retired, position);
CREATE TABLE item_state (
	learner_id INTEGER NOT NULL, 
	item_id INTEGER NOT NULL, 
	deck_id INTEGER NOT NULL, 
	state INTEGER NOT NULL, 
	step INTEGER, 
	stability FLOAT, 
	difficulty FLOAT, 
	due BIGINT NOT NULL, 
	last_review BIGINT, 
	reps INTEGER NOT NULL, 
	lapses INTEGER NOT NULL, 
	suspended BOOLEAN NOT NULL, 
	buried_until BIGINT NOT NULL, 
	flagged BOOLEAN NOT NULL, 
	leech BOOLEAN NOT NULL, 
	fails INTEGER NOT NULL, 
	retired BOOLEAN NOT NULL, 
	cite_start INTEGER, 
	cite_end INTEGER, 
	weight FLOAT NOT NULL, 
	PRIMARY KEY (learner_id, item_id), 
	FOREIGN KEY(deck_id) REFERENCES deck (id), 
	FOREIGN KEY(item_id) REFERENCES item (id), 
	FOREIGN KEY(learner_id) REFERENCES learner (id)
);
CREATE INDEX ix_state_study ON item_state (learner_id, retired, state, suspended, due, deck_id, buried_until, stability, last_review, lapses, item_id);
CREATE TABLE quiz_attempt (
	id INTEGER NOT NULL, 
	learner_id INTEGER NOT NULL, 
	started_at BIGINT NOT NULL, 
	finished_at BIGINT NOT NULL, 
	decks JSON NOT NULL, 
	questions INTEGER NOT NULL, 
	correct INTEGER NOT NULL, 
	time_limit INTEGER, 
	scheduled BOOLEAN NOT NULL, 
	details JSON NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(learner_id) REFERENCES learner (id)
);
CREATE INDEX ix_quiz_learner_time ON quiz_attempt (learner_id, finished_at);
CREATE TABLE "review" (
	id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, 
	learner_id INTEGER NOT NULL, 
	item_id INTEGER NOT NULL, 
	reviewed_at BIGINT NOT NULL, 
	rating INTEGER NOT NULL, 
	duration_ms INTEGER NOT NULL, 
	auto_graded BOOLEAN NOT NULL, 
	state INTEGER NOT NULL, 
	elapsed BIGINT, given TEXT, correct BOOLEAN, 
	FOREIGN KEY(learner_id) REFERENCES learner (id), 
	FOREIGN KEY(item_id) REFERENCES item (id)
);
CREATE INDEX ix_review_item ON review (item_id, reviewed_at);
CREATE INDEX ix_review_learner_time ON review (learner_id, reviewed_at);
CREATE TABLE exam_date (
	learner_id INTEGER NOT NULL, 
	deck_id INTEGER NOT NULL, 
	exam_on VARCHAR(10) NOT NULL, 
	PRIMARY KEY (learner_id, deck_id), 
	FOREIGN KEY(learner_id) REFERENCES learner (id), 
	FOREIGN KEY(deck_id) REFERENCES deck (id)
);
CREATE INDEX ix_item_browse ON item (deck_id, id);
CREATE VIRTUAL TABLE item_fts USING fts5(search, content='item', content_rowid='id', tokenize='trigram', detail='none');
CREATE TRIGGER item_fts_insert AFTER INSERT ON item BEGIN INSERT INTO item_fts (rowid, search) VALUES (new.id, new.search); END;
CREATE TRIGGER item_fts_delete AFTER DELETE ON item BEGIN INSERT INTO item_fts (item_fts, rowid, search) VALUES ('delete', old.id, old.search); END;
CREATE TRIGGER item_fts_update AFTER UPDATE OF search ON item BEGIN INSERT INTO item_fts (item_fts, rowid, search) VALUES ('delete', old.id, old.search); INSERT INTO item_fts (rowid, search) VALUES (new.id, new.search); END;
CREATE INDEX ix_state_cite ON item_state (learner_id, deck_id, cite_start, cite_end, retired, state, suspended, stability, last_review, weight);
CREATE INDEX ix_state_leech ON item_state (learner_id, lapses, item_id, retired) WHERE leech;
CREATE INDEX ix_state_lapses ON item_state (learner_id, lapses, item_id, retired) WHERE lapses > 0;
CREATE INDEX ix_card_excerpts ON card (deck_id, retired) WHERE quotes IS NOT NULL;
