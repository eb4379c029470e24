// Build by build, from the plugin's own account in the log and from the files' dates:
//   1. all three sources generated;  2. nothing regenerated;
//   3. only the edited source regenerated (a touched but unchanged one is not);
//   4. the deleted source's class removed, nothing else touched, and the rest compiles.
def log = new File(basedir, 'build.log').text
def gen = new File(basedir, 'target/generated-sources/chainrule')
def longAgo = new java.text.SimpleDateFormat('yyyy-MM-dd HH:mm').parse('2000-01-01 00:00').time

def summaries = (log =~ /\[INFO\] chainrule: (generated \d+, up to date \d+, removed \d+ \(\d+ sources?) in /)
        .collect { it[1] }
assert summaries == [
        'generated 3, up to date 0, removed 0 (3 sources',
        'generated 0, up to date 3, removed 0 (3 sources',
        'generated 1, up to date 2, removed 0 (3 sources',
        'generated 0, up to date 2, removed 1 (2 sources',
]: summaries
def count = { String text -> log.count(text) }
assert count('[INFO] chainrule: generated demo/Alpha.java from demo/alpha.chain') == 2 // builds 1 and 3
assert count('[INFO] chainrule: generated demo/Beta.java from demo/beta.chain') == 1   // build 1 only
assert count('[INFO] chainrule: generated demo/Gamma.java from demo/gamma.chain') == 1 // build 1 only
assert count('[INFO] chainrule: removed demo/Gamma.java (no source generates it any more)') == 1

// Beta.java still has the date it was given before build 2: builds 2, 3 and 4 never rewrote it.
assert new File(gen, 'demo/Beta.java').lastModified() == longAgo
// Alpha.java was rewritten in build 3, and holds the edited program.
assert new File(gen, 'demo/Alpha.java').lastModified() > longAgo
assert !new File(gen, 'demo/Gamma.java').exists()
assert new File(basedir, 'target/classes/demo/Alpha.class').isFile()
assert new File(basedir, 'target/classes/demo/Beta.class').isFile()

// What is not the plugin's is still there: in its folder, and next to it.
assert new File(gen, 'demo/Handwritten.java').text.contains('class Handwritten')
assert new File(basedir, 'target/classes/demo/Handwritten.class').isFile()
assert new File(gen, 'notes.txt').isFile()
assert new File(basedir, 'target/outside.txt').isFile()
assert new File(basedir, 'src/main/chainrule/demo/beta.chain').isFile()

return true
