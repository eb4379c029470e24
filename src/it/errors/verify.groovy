// Every error of every file is in the log as FILE:LINE:COL: error: MESSAGE, followed by that
// line of the file and a caret under the column; warnings the same at the WARNING level; the
// build failed with a one-line summary that counts them, and no stack trace; the good file was
// still generated, and javac never ran. (The messages' wording is the compiler's business, and
// its own tests check it: here, only their form and places.)
def log = new File(basedir, 'build.log').text
def lines = log.readLines()
def src = new File(basedir, 'src/main/chainrule/com/acme')
def one = new File(src, 'one.chain')
def two = new File(src, 'two.chain')
def fine = new File(src, 'fine.chain')
def byPath = [one, two, fine].collectEntries { [(it.absolutePath): it] }

def reports = []
lines.eachWithIndex { line, i ->
    def m = line =~ /^\[(ERROR|WARNING)\] (.+\.chain):(\d+):(\d+): (error|warning): (.+)$/
    if (!m) {
        return
    }
    def level = m[0][1]
    def path = m[0][2]
    def row = m[0][3] as int
    def col = m[0][4] as int
    def kind = m[0][5]
    assert (level == 'ERROR') == (kind == 'error'): line
    def file = byPath[path]
    assert file != null: "not a source of this project: ${path}"
    def text = file.readLines()
    def shown = row <= text.size() ? text[row - 1] : ''
    assert lines[i + 1] == "[${level}] ${shown}".toString(): "no source line after: ${line}"
    assert lines[i + 2] == "[${level}] ${' ' * (col - 1)}^".toString(): "no caret under ${row}:${col}: ${lines[i + 2]}"
    reports << [file: file, row: row, col: col, kind: kind, message: m[0][6]]
}
def errors = reports.findAll { it.kind == 'error' }
def warnings = reports.findAll { it.kind == 'warning' }
assert errors.collect { it.file } as Set == [one, two] as Set
// every error of a file, not only the first: each file has a mistake on each of two lines,
// syntax errors in one.chain, errors the checker finds in two.chain
assert errors.findAll { it.file == one }.collect { it.row } as Set == [3, 4] as Set
assert errors.findAll { it.file == two }.collect { [it.row, it.col] } == [[3, 5], [4, 9]]
assert errors.find { it.file == two && it.row == 3 }.message.contains("'sinn'")
assert errors.find { it.file == two && it.row == 4 }.message.contains("'w'")
assert warnings.collect { [it.file, it.row, it.col] } == [[fine, 2, 10]]: 'input q is not used'

def summary = (log =~ /chainrule: (\d+) errors in 2 files of 3 sources in src\/main\/chainrule \(see the messages above\)/)
assert summary.find(): 'no one-line summary'
assert (summary[0][1] as int) == errors.size()
assert log.contains('[INFO] chainrule: generated 1, up to date 0, removed 0, 1 warning (3 sources in src/main/chainrule) in ')
assert log.contains('[ERROR] Failed to execute goal io.github.chainrule:chainrule-maven-plugin:')
assert !(log =~ /(?m)^\s+at [\w$.]+\(/): 'a stack trace in the log'
assert !log.contains('Caused by')
assert !log.contains('internal error')

def gen = new File(basedir, 'target/generated-sources/chainrule/com/acme')
assert new File(gen, 'Fine.java').isFile()
assert !new File(gen, 'One.java').exists()
assert !new File(gen, 'Two.java').exists()
assert !new File(basedir, 'target/classes').exists(): 'javac ran after the errors'
return true
