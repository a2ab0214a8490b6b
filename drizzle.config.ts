import { defineConfig } from 'drizzle-kit'

// Works against the local file and against Turso: DATABASE_URL=libsql://… DATABASE_AUTH_TOKEN=…
export default defineConfig({
  dialect: 'turso',
  schema: './db/schema.ts',
  out: './db/migrations',
  dbCredentials: {
    url: process.env.DATABASE_URL ?? 'file:./data/tally.db',
    authToken: process.env.DATABASE_AUTH_TOKEN,
  },
})
