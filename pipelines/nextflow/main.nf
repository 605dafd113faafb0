#!/usr/bin/env nextflow
/*
 * htlvpvl Nextflow workflow: `htlvpvl count` per sample, `htlvpvl compare` per study, MultiQC.
 *
 *   nextflow run pipelines/nextflow -profile local --input samplesheet.csv --outdir results
 *   nextflow run pipelines/nextflow -profile slurm,conda --input samplesheet.csv
 *
 * Sample sheet (CSV, assets/samplesheet.csv): one row per sample with columns
 *   sample,subject,timepoint,bam,bai,fastq_1,fastq_2,infusion,dose_mg_per_kg,baseline,study
 * `bam` (BAM or CRAM; `bai` its index, optional) or `fastq_1` + `fastq_2` must be given;
 * infusion, dose_mg_per_kg, baseline and study are optional (study default: --study).
 * Relative paths are relative to the launch directory.
 */
nextflow.enable.dsl = 2

include { HTLVPVL_COUNT   } from './modules/local/htlvpvl/count/main'
include { HTLVPVL_COMPARE } from './modules/local/htlvpvl/compare/main'
include { MULTIQC         } from './modules/local/multiqc/main'

def samplesheet_row(Map row, int line) {
    def where = "${params.input}: line ${line}"
    [ 'sample', 'subject', 'timepoint' ].each { col ->
        if (!row[col]) error("${where}: column '${col}' is empty or missing")
    }
    if (row.sample =~ /[\/\s]/) error("${where}: sample name '${row.sample}' has '/' or blanks")
    def has_bam = row.bam as boolean
    def has_fq  = row.fastq_1 && row.fastq_2
    if (has_bam == has_fq) error("${where}: give either 'bam' or 'fastq_1' + 'fastq_2'")
    def meta = [
        id            : row.sample,
        subject       : row.subject,
        timepoint     : row.timepoint,
        infusion      : row.infusion ?: 'NA',
        dose_mg_per_kg: row.dose_mg_per_kg ?: 'NA',
        baseline      : row.baseline ?: 'NA',
        study         : row.study ?: params.study,
    ]
    if (has_bam) {
        def index = row.bai ? file(row.bai, checkIfExists: true) : []
        return [ meta, file(row.bam, checkIfExists: true), index ]
    }
    return [ meta, [ file(row.fastq_1, checkIfExists: true), file(row.fastq_2, checkIfExists: true) ], [] ]
}

workflow {
    if (!params.input) error("no sample sheet: give --input samplesheet.csv")

    def line = 1
    ch_samples = channel.fromPath(params.input, checkIfExists: true)
        .splitCsv(header: true, strip: true)
        .map { row -> samplesheet_row(row, ++line) }

    ch_fasta = params.fasta
        ? channel.value([ [ id: file(params.fasta).baseName ], file(params.fasta, checkIfExists: true) ])
        : channel.value([ [], [] ])

    HTLVPVL_COUNT(ch_samples, ch_fasta)

    // One `htlvpvl compare` per study: a sheet naming the summaries as they are staged (by name).
    def columns = [ 'sample', 'subject', 'timepoint', 'summary', 'infusion', 'dose_mg_per_kg', 'baseline' ]
    ch_sheets = HTLVPVL_COUNT.out.summary
        .map { meta, json ->
            def cells = [ meta.id, meta.subject, meta.timepoint, json.name, meta.infusion,
                          meta.dose_mg_per_kg, meta.baseline ]
            [ "${meta.study}.sheet.tsv", columns.join('\t') + '\n' + cells.join('\t') + '\n' ]
        }
        .collectFile(keepHeader: true, sort: true, storeDir: "${params.outdir}/compare")
        .map { sheet -> [ sheet.name.replaceFirst(/\.sheet\.tsv$/, ''), sheet ] }
    // compare reads each summary.json and the sites.tsv beside it: stage both
    ch_counts = HTLVPVL_COUNT.out.summary
        .join(HTLVPVL_COUNT.out.sites)
        .map { meta, json, sites -> [ meta.study, [ json, sites ] ] }
        .groupTuple()
        .map { study, files -> [ study, files.flatten() ] }
    ch_compare = ch_sheets
        .join(ch_counts)
        .map { study, sheet, files -> [ [ id: study ], sheet, files ] }

    HTLVPVL_COMPARE(ch_compare)

    // Software versions (the `versions` topic) as MultiQC custom content, then MultiQC.
    ch_versions = channel.topic('versions')
        .map { process, tool, version -> "${process.tokenize(':').last()}:\n  ${tool}: '${version}'" }
        .unique()
        .collectFile(name: 'htlvpvl_software_mqc_versions.yml', newLine: true, sort: true)
    ch_multiqc = HTLVPVL_COUNT.out.mqc.map { meta, f -> f }
        .mix(HTLVPVL_COMPARE.out.mqc.map { meta, f -> f })
        .mix(HTLVPVL_COMPARE.out.mqc_table.map { meta, f -> f })
        .mix(ch_versions)
        .collect()

    MULTIQC(ch_multiqc, file(params.multiqc_config, checkIfExists: true))
}
