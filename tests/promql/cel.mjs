// Test helper: evaluates CEL expressions (the ValidatingAdmissionPolicies' validations) with
// @marcbachmann/cel-js, pinned in package-lock.json. Reads a JSON array of {expression, bindings} on
// stdin and prints, in order, {value} (the result) or {error} (a parse or evaluation error).
import { evaluate } from '@marcbachmann/cel-js'

let input = ''
process.stdin.setEncoding('utf8')
for await (const chunk of process.stdin) input += chunk
const results = JSON.parse(input).map(({ expression, bindings }) => {
  try {
    return { value: evaluate(expression, bindings) }
  } catch (e) {
    return { error: String(e && e.message ? e.message : e) }
  }
})
process.stdout.write(JSON.stringify(results))
