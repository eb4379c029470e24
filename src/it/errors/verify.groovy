// Every error of every file is in the log as FILE:LINE:COL: error: MESSAGE with its source line
// and caret, warnings are warnings, the build failed with a one-line summary and no stack trace,
// and the good file was still generated (javac never ran).
def log = new File(basedir, 'build.log').text
def src = new File(basedir, 'src/main/chainrule/com/acme')
def one = new File(src, 'one.chain').absolutePath
def two = new File(src, 'two.chain').absolutePath
def fine = new File(src, 'fine.chain').absolutePath

def expect = { String text ->
    assert log.contains(text): "build.log lacks:\n" + text
}
expect("""[ERROR] ${one}:3:3: error: expected a statement (name = expression, f(params) = expression, or input/wrt/output names), found '='
[ERROR] z = foo(x)
[ERROR]   ^
""")
expect("""[ERROR] ${one}:3:11: error: expected ')' or ',', found end of file
[ERROR] z = foo(x)
[ERROR]           ^
""")
expect("""[ERROR] ${two}:3:10: error: missing ')' to close '(' at 3:8
[ERROR] y = sin(x
[ERROR]          ^
""")
expect("""[WARNING] ${fine}:2:10: warning: input 'q' is not used
[WARNING] input x, q
[WARNING]          ^
""")
// exactly these three errors, each once
assert (log =~ /(?m)^\[ERROR\] .*\.chain:\d+:\d+: error: /).count == 3

expect('[INFO] chainrule: generated 1, up to date 0, removed 0, 1 warning (3 sources in src/main/chainrule) in ')
expect('[ERROR] Failed to execute goal io.github.chainrule:chainrule-maven-plugin:')
expect('chainrule: 3 errors in 2 files of 3 sources in src/main/chainrule (see the messages above)')
assert !(log =~ /(?m)^\s+at [\w$.]+\(/): 'a stack trace in the log'
assert !log.contains('Caused by')

def gen = new File(basedir, 'target/generated-sources/chainrule/com/acme')
assert new File(gen, 'Fine.java').isFile()
assert !new File(gen, 'One.java').exists()
assert !new File(gen, 'Two.java').exists()
assert !new File(basedir, 'target/classes').exists(): 'javac ran after the errors'

return true
