// The user's optimizer code compiled against the generated classes, and both fits converged.
def log = new File(basedir, 'build.log').text
assert log.contains('[INFO] chainrule: generated 2, up to date 0, removed 0 (2 sources in src/main/chainrule)')
assert new File(basedir, 'target/classes/opt/Rosenbrock.class').isFile()
assert new File(basedir, 'target/classes/opt/Decay.class').isFile()
def report = new File(basedir, 'target/surefire-reports/TEST-opt.FitsTest.xml').text
assert report =~ /tests="2"/
assert report =~ /failures="0"/
assert report =~ /errors="0"/
assert log.contains('Tests run: 2, Failures: 0, Errors: 0, Skipped: 0')

return true
