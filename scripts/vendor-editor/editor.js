// The entry point esbuild bundles into kg/server/static/vendor/kg-editor.js: CodeMirror 6 with
// its SPARQL mode, completion and lint marks, and Chart.js, exposed as window.KgEditor for
// kg/server/static/query.js. Only library calls here; kg's page logic lives in query.js.
import { EditorState } from "@codemirror/state";
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter, drawSelection,
  placeholder,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import {
  StreamLanguage, syntaxHighlighting, defaultHighlightStyle, bracketMatching, indentOnInput,
} from "@codemirror/language";
import { sparql } from "@codemirror/legacy-modes/mode/sparql";
import {
  autocompletion, completionKeymap, closeBrackets, closeBracketsKeymap, startCompletion,
  acceptCompletion, currentCompletions,
} from "@codemirror/autocomplete";
import { linter, lintGutter, setDiagnostics } from "@codemirror/lint";
import { searchKeymap } from "@codemirror/search";
import {
  Chart, BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend,
} from "chart.js";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

// A completion source from a list of {label, type, detail, info} (prefixed names, keywords,
// variables): it completes the word (with its colon) before the cursor.
function completer(getOptions) {
  return (context) => {
    const word = context.matchBefore(/[A-Za-z_][\w-]*:?[\w-]*|\?\w*/);
    if (!word || (word.from === word.to && !context.explicit)) return null;
    return { from: word.from, options: getOptions(context.state.doc.toString()), validFor: /^[\w:?-]*$/ };
  };
}

// An editor in `parent` holding `doc`. options: completions(text) → options, lint(text) →
// Promise of [{line, column, message}] (1-based), onRun(), onChange(text).
function diagnostics(state, problems) {
  return problems.map((problem) => {
    const line = state.doc.line(Math.min(Math.max(problem.line, 1), state.doc.lines));
    const from = Math.min(line.from + Math.max(problem.column - 1, 0), line.to);
    const to = problem.length ? Math.min(line.to, from + problem.length)
      : Math.min(line.to, Math.max(from + 1, state.wordAt(from)?.to ?? from + 1));
    return { from, to: Math.max(to, from), severity: "error", message: problem.message };
  });
}

function createEditor(parent, doc, options) {
  const lint = linter(async (view) => {
    const found = options.lint ? await options.lint(view.state.doc.toString()) : [];
    return diagnostics(view.state, found);
  }, { delay: 600 });
  const run = () => { options.onRun(); return true; };
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        lineNumbers(), highlightActiveLineGutter(), highlightActiveLine(), drawSelection(), history(),
        indentOnInput(), bracketMatching(), closeBrackets(), placeholder("SELECT …"),
        StreamLanguage.define(sparql), syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        autocompletion({ override: [completer(options.completions)], activateOnTyping: true }),
        lint, lintGutter(),
        keymap.of([
          { key: "Mod-Enter", run }, { key: "Shift-Enter", run },
          ...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...historyKeymap, ...completionKeymap,
          indentWithTab,
        ]),
        EditorView.updateListener.of((update) => {
          if (update.docChanged && options.onChange) options.onChange(update.state.doc.toString());
        }),
        ...(options.nonce ? [EditorView.cspNonce.of(options.nonce)] : []),
        EditorView.contentAttributes.of({ "aria-label": "SPARQL query", spellcheck: "false" }),
      ],
    }),
  });
  return {
    view,
    text: () => view.state.doc.toString(),
    setText: (text) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }),
    focus: () => view.focus(),
    mark: (problems) => view.dispatch(setDiagnostics(view.state, diagnostics(view.state, problems))),
    complete: () => startCompletion(view),
    accept: () => acceptCompletion(view),
    completions: () => currentCompletions(view.state).map((c) => c.label),
  };
}

window.KgEditor = { createEditor, Chart };
