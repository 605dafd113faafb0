// Syntax check of Nextflow files (.nf, .config, .nf.test) with Debian's Groovy parser: each file
// is parsed to Groovy's CONVERSION phase (syntax only: no class resolution, no execution).
// Groovy 2.4 rejects a line break inside ${...} of a "..." string, which Nextflow's Groovy 4
// parser accepts (nf-core's multi-line `container "${ ... }"`): those are joined first.
// Prints "ok FILE" or "FAIL FILE: why" per file; exit 1 if any failed.
import org.codehaus.groovy.control.CompilationFailedException
import org.codehaus.groovy.control.CompilationUnit
import org.codehaus.groovy.control.Phases

int bad = 0
args.each { path ->
    def text = new File(path).text.replaceAll(/"\$\{([^"]*?)\}"/) { all, body ->
        '"${' + body.replaceAll(/\s*\n\s*/, ' ') + '}"'
    }
    def cu = new CompilationUnit()
    cu.addSource(path, text)
    try {
        cu.compile(Phases.CONVERSION)
        println "ok ${path}"
    } catch (CompilationFailedException e) {
        bad++
        println "FAIL ${path}: ${e.message.readLines().findAll { it.trim() }.take(3).join(' | ')}"
    }
}
System.exit(bad ? 1 : 0)
