// Our reference text for every Dockerfile instruction: what it does, the forms it is written in
// (signature help reads them), an example and the reference anchor. Flags come from the one flag
// table in syntax/flags.ts; their longer text lives in docs/flags.ts.

/** A positional part of an instruction form. */
export interface FormPart {
  /** As shown in the signature, e.g. `<src>` or `AS`. */
  readonly label: string;
  /**
   * `one`: a single word; `many`: one or more words (at most one per form); `literal`: a fixed
   * keyword such as `AS`, `CMD` or `NONE`; `json`: the whole JSON array of the exec form.
   */
  readonly kind: 'one' | 'many' | 'literal' | 'json';
  readonly doc: string;
  /** Shown in brackets; consecutive optional parts share one pair. */
  readonly optional?: boolean;
}

/** One way of writing an instruction. */
export interface InstructionForm {
  /** Which shape of arguments the form is: signature help picks the form by it. */
  readonly shape: 'shell' | 'exec' | 'heredoc' | 'plain' | 'none';
  /** Whether the instruction's flags are listed before the parts. */
  readonly flags: boolean;
  readonly parts: readonly FormPart[];
  readonly doc: string;
}

export interface InstructionDoc {
  readonly keyword: string;
  readonly summary: string;
  /** A few more sentences: defaults, pitfalls, how it interacts with other instructions. */
  readonly detail: string;
  readonly forms: readonly InstructionForm[];
  readonly example: string;
  /** The heading of the Dockerfile reference, without `#`. */
  readonly anchor: string;
}

const one = (label: string, doc: string): FormPart => ({ label, kind: 'one', doc });
const many = (label: string, doc: string): FormPart => ({ label, kind: 'many', doc });
const literal = (label: string, doc: string): FormPart => ({ label, kind: 'literal', doc });
const json = (label: string, doc: string): FormPart => ({ label, kind: 'json', doc });

const EXEC_ARRAY = json(
  '["<executable>", "<arg>", ...]',
  'A JSON array of double-quoted strings, run directly without a shell.',
);
const SHELL_COMMAND = many(
  '<command>',
  'A command line run by the shell (`/bin/sh -c` unless SHELL changes it).',
);
const HEREDOC = many(
  '<<EOF',
  'A here-document: the lines up to the delimiter (EOF here) form a script or a file.',
);

function sources(what: string): readonly FormPart[] {
  return [
    many('<src>...', `One or more ${what}; wildcards are allowed.`),
    one(
      '<dest>',
      'The destination path in the image; relative paths start at WORKDIR. End it with `/` for a directory.',
    ),
  ];
}

const DOCS: readonly InstructionDoc[] = [
  {
    keyword: 'FROM',
    summary: 'Starts a new build stage from a base image, or from an earlier stage by name.',
    detail:
      'Every Dockerfile needs at least one FROM; only ARG (and parser directives and comments) may come before the first one. ' +
      'Naming a stage with `AS <name>` lets later `FROM`, `COPY --from` and `RUN --mount=from=` refer to it. ' +
      '`scratch` is the empty image. Variables in a FROM line see only the ARGs declared before the first FROM and the predefined platform args.',
    forms: [
      {
        shape: 'plain',
        flags: true,
        parts: [
          one('<image>[:<tag>|@<digest>]', 'The base image reference, or the name of an earlier stage.'),
          { ...literal('AS', 'Introduces the stage name.'), optional: true },
          { ...one('<name>', 'The name of this stage, for later references.'), optional: true },
        ],
        doc: 'Start a stage from an image or an earlier stage.',
      },
    ],
    example: 'FROM --platform=$BUILDPLATFORM golang:1.22 AS build',
    anchor: 'from',
  },
  {
    keyword: 'RUN',
    summary: 'Runs a command while building and commits the result as a new layer.',
    detail:
      'The shell form runs through the stage shell, so variables, pipes and `&&` work; the exec form runs the program directly. ' +
      'A here-document can hold a whole script. `--mount` gives the command caches, secrets, SSH agents or read-only views of other stages ' +
      'without copying them into the image.',
    forms: [
      {
        shape: 'shell',
        flags: true,
        parts: [SHELL_COMMAND],
        doc: 'Shell form: run through the stage shell.',
      },
      {
        shape: 'exec',
        flags: true,
        parts: [EXEC_ARRAY],
        doc: 'Exec form: run the program directly, without a shell.',
      },
      {
        shape: 'heredoc',
        flags: true,
        parts: [HEREDOC],
        doc: 'Here-document form: run a multi-line script.',
      },
    ],
    example: 'RUN --mount=type=cache,target=/var/cache/apk \\\n    apk add --update git',
    anchor: 'run',
  },
  {
    keyword: 'CMD',
    summary: 'Sets the default command of a container, or default arguments for ENTRYPOINT.',
    detail:
      'Only the last CMD of a stage counts. Arguments given to `docker run` replace it. ' +
      'With an exec-form ENTRYPOINT, a JSON-array CMD supplies its default arguments. ' +
      'Prefer the exec form, so the process receives stop signals directly.',
    forms: [
      {
        shape: 'exec',
        flags: false,
        parts: [EXEC_ARRAY],
        doc: 'Exec form (preferred): the command, or default ENTRYPOINT arguments.',
      },
      {
        shape: 'shell',
        flags: false,
        parts: [SHELL_COMMAND],
        doc: 'Shell form: wrapped in the stage shell.',
      },
    ],
    example: 'CMD ["nginx", "-g", "daemon off;"]',
    anchor: 'cmd',
  },
  {
    keyword: 'LABEL',
    summary: 'Adds key/value metadata to the image.',
    detail:
      'Several pairs can share one LABEL. Quote values with spaces. Labels of the base image are inherited, and a later value for the same key wins. ' +
      'The `org.opencontainers.image.*` keys are the common vocabulary.',
    forms: [
      {
        shape: 'plain',
        flags: false,
        parts: [many('<key>=<value>...', 'One or more metadata pairs.')],
        doc: 'Set one or more labels.',
      },
    ],
    example:
      'LABEL org.opencontainers.image.source="https://github.com/acme/app" \\\n      org.opencontainers.image.licenses="MIT"',
    anchor: 'label',
  },
  {
    keyword: 'MAINTAINER',
    summary: 'Deprecated: records the image author. Use a label instead.',
    detail:
      'It sets the legacy `Author` field. Write `LABEL org.opencontainers.image.authors="…"` instead; BuildKit reports MaintainerDeprecated.',
    forms: [
      {
        shape: 'plain',
        flags: false,
        parts: [many('<name>', 'The author, as free text.')],
        doc: 'Set the author (deprecated).',
      },
    ],
    example: 'LABEL org.opencontainers.image.authors="ops@example.com"',
    anchor: 'maintainer-deprecated',
  },
  {
    keyword: 'EXPOSE',
    summary: 'Documents the ports the container listens on.',
    detail:
      'It does not publish anything: it is metadata that `docker run -P` and tools read. The protocol is `tcp` (default) or `udp`, in lower case. ' +
      'Ranges such as `8000-8010` are accepted; host addresses and mappings are not.',
    forms: [
      {
        shape: 'plain',
        flags: false,
        parts: [many('<port>[/<protocol>]...', 'One or more ports, each optionally `/tcp` or `/udp`.')],
        doc: 'Declare listening ports.',
      },
    ],
    example: 'EXPOSE 80/tcp 443/tcp 53/udp',
    anchor: 'expose',
  },
  {
    keyword: 'ENV',
    summary: 'Sets environment variables for the rest of the stage and for containers.',
    detail:
      'Values persist into the image and into stages built on this one. Every value of one ENV is expanded before any is set, ' +
      'so `ENV A=1 B=$A` reads the earlier A. The legacy `ENV key value` form sets a single variable and is reported by LegacyKeyValueFormat. ' +
      'For values only needed while building, prefer ARG or `RUN VAR=value cmd`.',
    forms: [
      {
        shape: 'plain',
        flags: false,
        parts: [many('<key>=<value>...', 'One or more variables.')],
        doc: 'Set one or more variables.',
      },
      {
        shape: 'none',
        flags: false,
        parts: [
          one('<key>', 'The variable name.'),
          many('<value>', 'The rest of the line, taken as the value.'),
        ],
        doc: 'Legacy form: one variable, separated by whitespace.',
      },
    ],
    example: 'ENV NODE_ENV=production \\\n    PATH=/app/node_modules/.bin:$PATH',
    anchor: 'env',
  },
  {
    keyword: 'ADD',
    summary: 'Copies files, URLs or Git repositories into the image, extracting local tar archives.',
    detail:
      'ADD can fetch remote sources (pin them with `--checksum`) and clones Git URLs. Local tar archives are unpacked unless `--unpack=false`. ' +
      'For plain files from the context COPY is clearer; use ADD when you want one of its extras.',
    forms: [
      {
        shape: 'plain',
        flags: true,
        parts: sources('local paths, URLs or Git repositories'),
        doc: 'Add sources to a destination.',
      },
      {
        shape: 'exec',
        flags: true,
        parts: [json('["<src>", ..., "<dest>"]', 'The JSON form, for paths that contain spaces.')],
        doc: 'JSON form, for paths with spaces.',
      },
      {
        shape: 'heredoc',
        flags: true,
        parts: [HEREDOC, one('<dest>', 'The file to create.')],
        doc: 'Create a file from a here-document.',
      },
    ],
    example: 'ADD --checksum=sha256:24454f830cdd… https://example.com/tool.tar.gz /opt/',
    anchor: 'add',
  },
  {
    keyword: 'COPY',
    summary: 'Copies files from the build context, another stage, a named context or an image.',
    detail:
      'Sources are relative to the context (or to the root of `--from`); they cannot leave it. ' +
      'A directory source copies its contents, not the directory itself. Files are owned by root unless `--chown` says otherwise. ' +
      '`.dockerignore` filters what the context holds.',
    forms: [
      {
        shape: 'plain',
        flags: true,
        parts: sources('paths in the context or in `--from`'),
        doc: 'Copy sources to a destination.',
      },
      {
        shape: 'exec',
        flags: true,
        parts: [json('["<src>", ..., "<dest>"]', 'The JSON form, for paths that contain spaces.')],
        doc: 'JSON form, for paths with spaces.',
      },
      {
        shape: 'heredoc',
        flags: true,
        parts: [HEREDOC, one('<dest>', 'The file to create.')],
        doc: 'Create a file from a here-document.',
      },
    ],
    example: 'COPY --from=build --chown=app:app /out/server /usr/local/bin/',
    anchor: 'copy',
  },
  {
    keyword: 'ENTRYPOINT',
    summary: 'Sets the program a container runs; CMD and `docker run` arguments are passed to it.',
    detail:
      'With the exec form the program is PID 1 and receives signals; CMD supplies default arguments. ' +
      'The shell form ignores CMD and run arguments, and the program runs under `/bin/sh -c`, which does not forward signals.',
    forms: [
      { shape: 'exec', flags: false, parts: [EXEC_ARRAY], doc: 'Exec form (preferred).' },
      {
        shape: 'shell',
        flags: false,
        parts: [SHELL_COMMAND],
        doc: 'Shell form: CMD and run arguments are ignored.',
      },
    ],
    example: 'ENTRYPOINT ["/usr/local/bin/server"]\nCMD ["--port", "8080"]',
    anchor: 'entrypoint',
  },
  {
    keyword: 'VOLUME',
    summary: 'Marks paths as mount points for volumes, kept out of the container layer.',
    detail:
      'Containers get an anonymous volume there unless one is mounted. Changes a later build step makes to the path are discarded ' +
      'once it is declared, so prepare its contents first.',
    forms: [
      {
        shape: 'plain',
        flags: false,
        parts: [many('<path>...', 'One or more paths in the image.')],
        doc: 'Declare volume paths.',
      },
      {
        shape: 'exec',
        flags: false,
        parts: [json('["<path>", ...]', 'A JSON array of paths.')],
        doc: 'JSON form.',
      },
    ],
    example: 'VOLUME /var/lib/postgresql/data',
    anchor: 'volume',
  },
  {
    keyword: 'USER',
    summary: 'Sets the user (and optionally group) for the following RUN, CMD and ENTRYPOINT.',
    detail:
      'Names must exist in the image (create them first with a RUN); numeric ids need not. ' +
      'It stays in effect for later instructions and for containers. Ending with a non-root user is good practice.',
    forms: [
      {
        shape: 'plain',
        flags: false,
        parts: [one('<user>[:<group>]', 'A user name or UID, optionally with a group name or GID.')],
        doc: 'Set the user.',
      },
    ],
    example: 'USER 10001:10001',
    anchor: 'user',
  },
  {
    keyword: 'WORKDIR',
    summary: 'Sets the working directory for the instructions that follow and for containers.',
    detail:
      'The directory is created if missing. A relative path is joined onto the previous WORKDIR, so use absolute paths ' +
      '(BuildKit reports WorkdirRelativePath otherwise). Prefer it to `RUN cd …`.',
    forms: [
      {
        shape: 'plain',
        flags: false,
        parts: [one('<path>', 'The directory, preferably absolute.')],
        doc: 'Set the working directory.',
      },
    ],
    example: 'WORKDIR /app',
    anchor: 'workdir',
  },
  {
    keyword: 'ARG',
    summary: 'Declares a build argument, optionally with a default, that `--build-arg` can set.',
    detail:
      'An ARG before the first FROM is global and usable in FROM lines; to use it inside a stage, declare it again there without a value. ' +
      'Inside a stage an ARG is visible from its line to the end of the stage. Values end up in the image history, so never pass secrets this way. ' +
      'BuildKit predefines platform args such as TARGETARCH.',
    forms: [
      {
        shape: 'plain',
        flags: false,
        parts: [many('<name>[=<default>]...', 'One or more argument names, each with an optional default.')],
        doc: 'Declare build arguments.',
      },
    ],
    example: 'ARG NODE_VERSION=20\nFROM node:${NODE_VERSION}-alpine\nARG NODE_VERSION',
    anchor: 'arg',
  },
  {
    keyword: 'ONBUILD',
    summary: 'Registers an instruction to run later, when another build uses this image as its base.',
    detail:
      'The trigger runs in the child build, right after its FROM. ONBUILD cannot wrap FROM, MAINTAINER or another ONBUILD. ' +
      'Triggers are not inherited by grandchildren.',
    forms: [
      {
        shape: 'plain',
        flags: false,
        parts: [many('<INSTRUCTION>', 'Any instruction except FROM, MAINTAINER and ONBUILD.')],
        doc: 'Register a trigger.',
      },
    ],
    example: 'ONBUILD COPY . /app/src',
    anchor: 'onbuild',
  },
  {
    keyword: 'STOPSIGNAL',
    summary: 'Sets the signal sent to the container to stop it.',
    detail:
      'A name such as `SIGTERM` (the default) or `SIGQUIT`, or a number. `docker run --stop-signal` overrides it.',
    forms: [
      {
        shape: 'plain',
        flags: false,
        parts: [one('<signal>', 'A signal name (SIGTERM) or number (15).')],
        doc: 'Set the stop signal.',
      },
    ],
    example: 'STOPSIGNAL SIGQUIT',
    anchor: 'stopsignal',
  },
  {
    keyword: 'HEALTHCHECK',
    summary: 'Tells Docker how to test that the container still works, or turns inherited checks off.',
    detail:
      'The command exits 0 when healthy and 1 when not. After `--retries` consecutive failures the container is marked unhealthy. ' +
      'Only the last HEALTHCHECK of a stage counts; `HEALTHCHECK NONE` disables one from the base image.',
    forms: [
      {
        shape: 'plain',
        flags: true,
        parts: [
          literal('CMD', 'Introduces the check command.'),
          many('<command>', 'The check, in shell or exec form.'),
        ],
        doc: 'Define a health check.',
      },
      {
        shape: 'none',
        flags: false,
        parts: [literal('NONE', 'Disable any inherited health check.')],
        doc: 'Disable health checks.',
      },
    ],
    example:
      'HEALTHCHECK --interval=30s --timeout=3s --retries=3 \\\n  CMD curl -fsS http://localhost:8080/health || exit 1',
    anchor: 'healthcheck',
  },
  {
    keyword: 'SHELL',
    summary: 'Replaces the shell used by the shell form of RUN, CMD and ENTRYPOINT.',
    detail:
      'It takes a JSON array: the program and the arguments placed before the command, such as `["/bin/bash", "-o", "pipefail", "-c"]`. ' +
      'It applies to the instructions after it in the stage. Useful on Windows (`cmd`, `powershell`) and for bash options.',
    forms: [
      {
        shape: 'exec',
        flags: false,
        parts: [
          json('["<executable>", "<parameters>", ...]', 'The shell and its arguments, as a JSON array.'),
        ],
        doc: 'Set the shell.',
      },
    ],
    example: 'SHELL ["/bin/bash", "-euo", "pipefail", "-c"]',
    anchor: 'shell',
  },
];

const BY_KEYWORD: ReadonlyMap<string, InstructionDoc> = new Map(DOCS.map((doc) => [doc.keyword, doc]));

/** Every instruction we document, in reference order. */
export const INSTRUCTION_DOCS: readonly InstructionDoc[] = DOCS;

/** The documentation of an instruction keyword (any case); undefined for unknown keywords. */
export function instructionDoc(keyword: string): InstructionDoc | undefined {
  return BY_KEYWORD.get(keyword) ?? BY_KEYWORD.get(keyword.toUpperCase());
}
