#!/usr/bin/env nextflow
/*
 * htlvpvl Nextflow workflow: optional alignment of FASTQ pairs (hybrid reference built once, bwa
 * mem without -M, samtools sort/index), `htlvpvl count` per sample, `htlvpvl compare` per study,
 * MultiQC. From the repository root:
 *
 *   nextflow run pipelines/nextflow -profile test,docker --outdir results-test
 *   nextflow run pipelines/nextflow -profile slurm,singularity --input samplesheet.csv \
 *       --outdir results --host_fasta GRCh38.fa --slurm_queue short
 *
 * Parameters: nextflow_schema.json; sample sheet: assets/schema_input.json (nf-schema checks both
 * before anything runs). Relative paths in the sheet are relative to the launch directory.
 */
nextflow.enable.dsl = 2

include { validateParameters; paramsSummaryLog; samplesheetToList } from 'plugin/nf-schema'

include { HTLVPVL_HYBRID  } from './modules/local/htlvpvl/hybrid/main'
include { BWA_INDEX       } from './modules/local/bwa/index/main'
include { BWA_MEM         } from './modules/local/bwa/mem/main'
include { HTLVPVL_COUNT   } from './modules/local/htlvpvl/count/main'
include { HTLVPVL_SHARD   } from './modules/local/htlvpvl/shard/main'
include { HTLVPVL_MERGE   } from './modules/local/htlvpvl/merge/main'
include { HTLVPVL_COMPARE } from './modules/local/htlvpvl/compare/main'
include { MULTIQC         } from './modules/local/multiqc/main'

/*
 * One sheet row (as samplesheetToList gives it: meta map, then the file columns in schema
 * order) -> [ meta, bam, bai, [fastq_1, fastq_2] ]; meta gains study (default --study), the
 * NA defaults of compare's optional columns, and fastq: true when the reads are counted as FASTQ.
 */
def sample_row(List row) {
    def (meta, bam, bai, fastq_1, fastq_2) = row
    def m = meta + [
        study         : meta.study ?: params.study,
        align         : meta.align ?: 'no',
        infusion      : meta.infusion ?: 'NA',
        dose_mg_per_kg: meta.dose_mg_per_kg ?: 'NA',
        baseline      : meta.baseline ?: 'NA',
    ]
    m.fastq = !bam && m.align != 'yes'
    return [ m, bam ?: [], bai ?: [], fastq_1 ? [ fastq_1, fastq_2 ] : [] ]
}

/* compare refuses a subject with FASTQ-counted and aligned samples: stop before any work. */
def check_subjects(List rows) {
    rows.groupBy { row -> [ row[0].study, row[0].subject ] }.each { key, group ->
        if (group.collect { row -> row[0].fastq }.unique().size() > 1) {
            error("${params.input}: subject '${key[1]}' mixes FASTQ-counted and aligned samples " +
                  "(BAM/CRAM or align=yes), which compare cannot follow; give the FASTQ samples " +
                  "align=yes or another subject name")
        }
    }
    if (rows.any { row -> row[0].align == 'yes' } && !params.host_fasta) {
        error("${params.input}: rows with align=yes need --host_fasta (the host genome FASTA)")
    }
    return rows
}

workflow {
    if (params.validate_params) {
        validateParameters()
    }
    log.info paramsSummaryLog(workflow)

    def rows = check_subjects(
        samplesheetToList(params.input, "${projectDir}/assets/schema_input.json")
            .collect { row -> sample_row(row) }
    )
    ch_rows = channel.fromList(rows)
        .branch { meta, bam, bai, fastq ->
            aligned: bam
                return [ meta, bam, bai ]
            to_align: meta.align == 'yes'
                return [ meta, fastq ]
            fastq: true
                return [ meta, fastq, [] ]
        }

    // --- alignment (rows with align=yes): the hybrid reference and its index are made once ---
    ch_host = params.host_fasta
        ? channel.value([ [ id: file(params.host_fasta).baseName ], file(params.host_fasta, checkIfExists: true) ])
        : channel.empty()
    HTLVPVL_HYBRID(ch_host)
    BWA_INDEX(HTLVPVL_HYBRID.out.fasta)
    BWA_MEM(ch_rows.to_align, BWA_INDEX.out.index.first())
    ch_aligned = BWA_MEM.out.bam.join(BWA_MEM.out.bai)

    // --- count: BAM/CRAM from the sheet or the alignment, and FASTQ pairs ---------------------
    ch_fasta = params.fasta
        ? channel.value([ [ id: file(params.fasta).baseName ], file(params.fasta, checkIfExists: true) ])
        : channel.value([ [], [] ])
    ch_count = ch_rows.aligned.mix(ch_aligned).mix(ch_rows.fastq)
        .branch { meta, reads, index ->
            // --shards N: scatter, then gather; count --shard needs an index (a sheet row
            // without one is counted whole)
            sharded: params.shards > 1 && !meta.fastq && index
            whole: true
        }
    HTLVPVL_COUNT(ch_count.whole, ch_fasta)
    HTLVPVL_SHARD(
        ch_count.sharded.combine(channel.of(1..params.shards))
            .map { meta, reads, index, k -> [ meta, reads, index, k, params.shards ] },
        ch_fasta)
    HTLVPVL_MERGE(
        HTLVPVL_SHARD.out.partial.groupTuple(size: params.shards).join(ch_count.sharded),
        ch_fasta)
    ch_summary = HTLVPVL_COUNT.out.summary.mix(HTLVPVL_MERGE.out.summary)

    // --- compare: one per study, a sheet naming the summaries as they are staged (by name) ----
    def columns = [ 'sample', 'subject', 'timepoint', 'summary', 'infusion', 'dose_mg_per_kg', 'baseline' ]
    ch_sheets = ch_summary
        .map { meta, json ->
            def cells = [ meta.id, meta.subject, meta.timepoint, json.name, meta.infusion,
                          meta.dose_mg_per_kg, meta.baseline ]
            [ "${meta.study}.sheet.tsv", columns.join('\t') + '\n' + cells.join('\t') + '\n' ]
        }
        .collectFile(keepHeader: true, sort: true, storeDir: "${params.outdir}/compare")
        .map { sheet -> [ sheet.name.replaceFirst(/\.sheet\.tsv$/, ''), sheet ] }
    // compare reads each summary.json and the sites.tsv beside it: stage both
    ch_counts = ch_summary
        .join(HTLVPVL_COUNT.out.sites.mix(HTLVPVL_MERGE.out.sites))
        .map { meta, json, sites -> [ meta.study, [ json, sites ] ] }
        .groupTuple()
        .map { study, files -> [ study, files.flatten() ] }
    ch_compare = ch_sheets
        .join(ch_counts)
        .map { study, sheet, files -> [ [ id: study ], sheet, files ] }
    HTLVPVL_COMPARE(ch_compare)

    // --- software versions (the `versions` topic) as MultiQC custom content, then MultiQC -----
    ch_versions = channel.topic('versions')
        .map { process, tool, version -> "${process.tokenize(':').last()}:\n  ${tool}: '${version}'" }
        .unique()
        .collectFile(name: 'htlvpvl_software_mqc_versions.yml', newLine: true, sort: true)
    ch_multiqc = HTLVPVL_COUNT.out.mqc.mix(HTLVPVL_MERGE.out.mqc).map { meta, f -> f }
        .mix(HTLVPVL_COMPARE.out.mqc.map { meta, f -> f })
        .mix(HTLVPVL_COMPARE.out.mqc_table.map { meta, f -> f })
        .mix(ch_versions)
        .collect()
    MULTIQC(ch_multiqc, file(params.multiqc_config, checkIfExists: true))
}
