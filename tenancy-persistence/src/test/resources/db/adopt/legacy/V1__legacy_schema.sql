-- The service before it adopts the kit: one implicit customer base, no tenant anywhere.
CREATE TABLE customer (
	id bigserial PRIMARY KEY,
	email text NOT NULL UNIQUE,
	name text NOT NULL
);

CREATE TABLE orders (
	id bigserial PRIMARY KEY,
	customer_id bigint NOT NULL REFERENCES customer (id),
	total_cents bigint NOT NULL
);

CREATE INDEX orders_customer_idx ON orders (customer_id);

INSERT INTO customer (email, name) VALUES
	('ada@example.com', 'Ada'), ('grace@example.com', 'Grace'), ('alan@example.com', 'Alan');
INSERT INTO orders (customer_id, total_cents)
	SELECT c.id, n * 100 FROM customer c CROSS JOIN generate_series(1, 4) AS n;
