// The indexed program compiled by the plugin, and the logistic regression trained through its gradient.
def log = new File(basedir, 'build.log').text
assert log.contains('[INFO] chainrule: generated 1, up to date 0, removed 0 (1 source in src/main/chainrule)')
assert new File(basedir, 'target/generated-sources/chainrule/fit/Logreg.java').text.contains('public static double gradient(int m, int p, double[] X, double[] y, double[] w, double b,')
assert new File(basedir, 'target/classes/fit/Logreg.class').isFile()
def report = new File(basedir, 'target/surefire-reports/TEST-fit.TrainingTest.xml').text
assert report =~ /tests="3"/
assert report =~ /failures="0"/
assert report =~ /errors="0"/
assert log.contains('Tests run: 3, Failures: 0, Errors: 0, Skipped: 0')
assert log =~ /conjugate gradients: \d+ iterations/

return true
