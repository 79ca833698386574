// Runs one SQL query with DuckDB's Node client and prints its first row as JSON: the reference
// side of the benchmark, timed as a whole process like the command line it is compared with.
// Plain JavaScript so no TypeScript loader adds to its start-up time.
import { readFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const [sqlFile, threads] = process.argv.slice(2);
const sql = readFileSync(sqlFile, 'utf8');
const instance = await DuckDBInstance.create(':memory:', threads ? { threads } : {});
const connection = await instance.connect();
const reader = await connection.runAndReadAll(sql);
const plain = (value) =>
	typeof value === 'bigint' ? Number(value) : Array.isArray(value) ? value.map(plain) : value;
const [row] = reader.getRowObjectsJS();
process.stdout.write(JSON.stringify(Object.fromEntries(Object.entries(row).map(([k, v]) => [k, plain(v)]))) + '\n');
connection.closeSync();
instance.closeSync();
