// The statements that wrap a database function or trigger, written as the migrations have always
// written them: a migration composes its functions from these, so only what differs is stated.

export interface FunctionDefinition {
  /** A later version of a function an earlier migration created: `CREATE OR REPLACE`. */
  replaces?: boolean;
  /** Name and arguments, e.g. `mark_rollup_slot(ts timestamptz)`. */
  signature: string;
  returns: string;
  /** Words after the language, e.g. `IMMUTABLE`. */
  volatility?: string;
  /** The function's text between `AS $$` and `$$`, lines already indented. */
  body: string;
}

function header(language: string, fn: FunctionDefinition): string {
  const create = fn.replaces ? 'CREATE OR REPLACE FUNCTION' : 'CREATE FUNCTION';
  const volatility = fn.volatility ? ` ${fn.volatility}` : '';
  return `${create} ${fn.signature} RETURNS ${fn.returns}\nLANGUAGE ${language}${volatility}\nAS $$`;
}

export function sqlFunction(fn: FunctionDefinition): string {
  return `${header('sql', fn)}\n${fn.body}\n$$;`;
}

/** A PL/pgSQL function: `declare` lists its variables, `body` is its statements between BEGIN and END. */
export function plpgsqlFunction(fn: FunctionDefinition & { declare?: string[] }): string {
  const declare = fn.declare ? `\nDECLARE\n${fn.declare.map((variable) => `  ${variable};`).join('\n')}` : '';
  return `${header('plpgsql', fn)}${declare}\nBEGIN\n${fn.body}\nEND $$;`;
}

/** A trigger running the function of the same name for each row, e.g. `AFTER INSERT ON passthru_events`. */
export function rowTrigger(name: string, firesOn: string): string {
  return `CREATE TRIGGER ${name} ${firesOn}\nFOR EACH ROW EXECUTE FUNCTION ${name}();`;
}

export interface TriggerDefinition {
  name: string;
  firesOn: string;
  declare?: string[];
  body: string;
}

/** A new trigger function and its trigger. */
export function triggerFunction(trigger: TriggerDefinition): string {
  const fn = plpgsqlFunction({
    signature: `${trigger.name}()`,
    returns: 'trigger',
    declare: trigger.declare,
    body: trigger.body,
  });
  return `${fn}\n\n${rowTrigger(trigger.name, trigger.firesOn)}`;
}
