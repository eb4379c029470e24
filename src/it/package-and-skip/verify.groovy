// <packageName>: both classes in org.example.gen whatever their folders (one of which is not a
// Java name), compiled as Java 8 together with the code that uses them. <skip>: the second
// execution generated nothing and did not even read its broken source.
def log = new File(basedir, 'build.log').text
def gen = new File(basedir, 'target/generated-sources/chainrule/org/example/gen')

assert new File(gen, 'Neuron.java').text.contains('package org.example.gen;')
assert new File(gen, 'Seed.java').text.contains('package org.example.gen;')
assert new File(basedir, 'target/generated-sources/chainrule').listFiles().findAll { !it.name.startsWith('.') }
        .collect { it.name } == ['org']
assert log.contains('[INFO] chainrule: generated org/example/gen/Neuron.java from not-a-package/neuron.chain')
assert log.contains('[INFO] chainrule: generated org/example/gen/Seed.java from models/v1/seed.chain')
assert log.contains('[INFO] chainrule: generated 2, up to date 0, removed 0 (2 sources in src/main/chainrule)')

// class files for Java 8 (major version 52)
['org/example/gen/Neuron', 'org/example/gen/Seed', 'org/example/app/App'].each { name ->
    def bytes = new File(basedir, "target/classes/${name}.class").bytes
    assert ((bytes[6] & 0xff) << 8 | (bytes[7] & 0xff)) == 52: name
}

assert log =~ /:generate \(skipped\) @ package-and-skip ---\s+\[INFO\] chainrule: skipped/
assert !new File(basedir, 'target/generated-sources/skipped').exists()
assert !log.contains('broken.chain')

return true
