// Run the sample-sheet functions of pipelines/nextflow/main.nf (sample_row, check_subjects) with
// Debian's Groovy, on a sheet read the way nf-schema's samplesheetToList returns it: per row a
// meta map of the schema's "meta" columns (empty cells left out, defaults filled in, numbers
// cast), then the other columns in schema order ([] when empty).
//   groovy nf_functions.groovy MAIN_NF SCHEMA_JSON SHEET_CSV HOST_FASTA|-
// Prints one line per row "id fastq=.. align=.. study=.. files=N", then "ok" or "error: MESSAGE".
import groovy.json.JsonSlurper

def (mainNf, schemaPath, sheetPath, host) = args as List
def text = new File(mainNf).text
def start = text.indexOf('def sample_row')
def end = text.indexOf('workflow {')
def functions = text.substring(start, end)

def schema = new JsonSlurper().parse(new File(schemaPath))
def props = schema.items.properties
def lines = new File(sheetPath).readLines().findAll { it.trim() }
def header = lines[0].split(',', -1) as List
def rows = lines.drop(1).collect { line ->
    def cells = line.split(',', -1) as List
    def row = [header, cells].transpose().collectEntries { h, c -> [ (h): c.trim() ] }
    def meta = [:]
    props.each { name, p ->
        if (!p.meta) return
        def v = row[name] ?: p.default
        if (v == null || v == '') return
        if (p.type == 'number') v = v.contains('.') ? (v as BigDecimal) : (v as Integer)
        p.meta.each { key -> meta[key] = v }
    }
    [ meta ] + props.findAll { name, p -> !p.meta }.collect { name, p -> row[name] ?: [] }
}

def binding = new Binding()
binding.setVariable('params', [ input: sheetPath, study: 'study', host_fasta: host == '-' ? null : host ])
def shell = new GroovyShell(binding)
def script = shell.parse(functions + '''
def error(String msg) { throw new IllegalStateException(msg) }
def run(List rows) { check_subjects(rows.collect { row -> sample_row(row) }) }
''')
try {
    def out = script.run(rows)
    out.each { meta, bam, bai, fastq ->
        println "${meta.id} fastq=${meta.fastq} align=${meta.align} study=${meta.study} " +
            "files=${[bam, bai].count { it } + fastq.size()}"
    }
    println 'ok'
} catch (IllegalStateException e) {
    println "error: ${e.message}"
}
