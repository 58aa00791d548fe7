// The sha256 of the SQL text of every released migration, by version: released migrations must not
// change (a database migrated from one must get the schema of every database migrated before), so
// migrations.test.ts fails and the runner refuses when one no longer matches. A new migration is
// recorded here deliberately once final (docs/schema.md, "How migrations are written").
export const RELEASED_MIGRATIONS: Readonly<Record<string, string>> = {
  '001_calls': 'eeac0ddeb2a69c648f86243fa945542e14a56cfa4501bb988b0fd353d700530e',
  '002_webhooks': '5554270627b3f46e3bea6f7b334f39380ef2341407cf0c9ee5ef443a961f8d76',
  '003_tags_rollups': 'cdcf0b71e366dd70075daa769aae5170044b6ae98d638b3a632408e875f126fc',
  '004_readonly_role': '773fe5fcf624b8c69b26191307dda1557750dc000bd28b3053091e6c0ff98f3e',
  '005_rollup_trigger_index_scan': 'c64d334632ae22b66079015f42fab63eb2d225a641f63b6def0929cd4a0963fa',
  '006_agent_minute_rollups': '78106336b35fcf5862af8db1ea37681918c695029c945828332bc28c3e5a0c33',
  '007_rollup_tag_indexes': 'f649e5b42d8940991068d6f302da2687b813495141f4acf01c780de9dd57863e',
  '008_calendars': '98feabe80c418852d54b67abf2ecc5d18bd170b37c5447692da2db5ad88da10d',
  '009_callbacks': '3511b0844f50912fba2af29f73a726a0d13addd8896039075182e6ca4593fcaa',
  '010_caller_lookup_bounds': 'e01456115f6acaad1565be1463da48ec7a2fdebac26a9f5659a7a5ea667c3f59',
  '011_exophone_from_phone_number_sid': 'b8568b68a18ec534c950d3414e3f83ed324f739809bcb9c00ad19d1c936ce042',
  '012_webhooks_as_sent': 'a984562f4f0cbd34db9bbdbd73e1c53781702cbf586a75b121ec217d09e25fa1',
  '013_outcome_unknown_rollups': '35956a777e838f199a9191e30af4a3fa7b866691d404404ff6fe6c2cdfa04616',
  '014_reporting_views': 'e9476eb16c9ae78ebf3c757c42bd57c022ce28a8923a362cd1374c54ad7f6eb0',
  '015_privacy': '3d97081e4da85c83cd4c2e34cb78202b49a28873b9e317d91310b1c9fb37f4f2',
  '016_privacy_spaced_numbers': '5b01a1fcac52d81db7f75beddaa58eaa287f07c9695625f01ce537da46fd073d',
  '017_compact_calls': '550cb99d6bd6b2d290ec70f3792c860b78143de7a052370302e75acda7298778',
  '018_inbound_hourly_counts_index': '4862cd227f14709fe96bd0e011bb578d71f6a178be008c5ad62ff5ecc59d7f7c',
  '019_health_period_span_index': 'd349c5393c49f79ae29e3bff232c63621f00e21dfc19beea1f56c6f4e88e90b0',
  '020_integer_rollup_counts': '884d517562581fd09b6c7f0b164c62cb721ecaea4edf0c769c857ba6ab042b33',
  '021_missed_calls_indexes': '451cf6f03e0e1ffacfbe5ca460a63cd86aa7f627f36aada02395e352dccdf9b7',
  '022_compact_recording_url': '124a1aa90e3c3df61605a51e9dffc3af4679222eb3b26ad21755806376638f56',
  '023_compact_phone_number_sid': '1ecb6a5bddbf6caa41dfb3ad04f424da5c2dbe7bcb8605167fc948fa749ccd31',
  '024_missed_call_rollup': 'b98c949a2ea1730554e41158475e8b46140eb38545c36b1bad4944ea066ba6b5',
  '025_missed_calls_after_rollup': '87b1be105cf4ae6b0ae45d3345e0c4473be36ba089bf00c6ff2384eb782d747e',
  '026_tag_rollups': '86f7b831016c529a68fd8deea3974f08d06e4041e983143a729768957aa9984c',
  '027_calls_indexes_narrowed': '4214b135e7436a56f0fa40e4d0f292e0f895a37cae0d45ed8d8a7848c8acdb23',
  '028_calendar_slots': '0c99e66fec651f8596fdf25519de61e86c02ba8fb1818215bc944afc7c407ecb',
};
