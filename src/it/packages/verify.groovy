// The plugin generated both classes in their folders' packages, javac compiled them, and the
// user's test (values and gradients against finite differences) ran and passed. This project's
// pom.xml is the README's (ReadmePomTest checks they are the same text): the tests must really
// run under it, not pass as "Tests run: 0" (Maven's default surefire 2.12 runs no JUnit 5 test).
def log = new File(basedir, 'build.log').text
def gen = new File(basedir, 'target/generated-sources/chainrule')

assert new File(gen, 'com/acme/model/Neuron.java').text.contains('package com.acme.model;')
assert new File(gen, 'com/acme/loss/MyLoss.java').text.contains('package com.acme.loss;')
assert new File(basedir, 'target/classes/com/acme/model/Neuron.class').isFile()
assert new File(basedir, 'target/classes/com/acme/loss/MyLoss.class').isFile()
assert log.contains('[INFO] chainrule: generated com/acme/loss/MyLoss.java from com/acme/loss/my_loss.chain')
assert log.contains('[INFO] chainrule: generated com/acme/model/Neuron.java from com/acme/model/neuron.chain')
assert log.contains('[INFO] chainrule: generated 2, up to date 0, removed 0 (2 sources in src/main/chainrule)')

def report = new File(basedir, 'target/surefire-reports/TEST-com.acme.GradientTest.xml').text
assert report =~ /tests="3"/
assert report =~ /failures="0"/
assert report =~ /errors="0"/
assert report =~ /skipped="0"/
assert log.contains('Tests run: 3, Failures: 0, Errors: 0, Skipped: 0')
def runs = (log =~ /Tests run: (\d+)/).collect { it[1] as int }
assert !runs.isEmpty() && runs.every { it > 0 } : "every 'Tests run:' line counts some tests: ${runs}"

return true
