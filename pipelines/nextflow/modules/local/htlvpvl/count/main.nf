process HTLVPVL_COUNT {
    tag "${meta.id}"
    label 'process_medium'

    conda "${moduleDir}/environment.yml"
    // biocontainers image of the bioconda package (packaging/bioconda) once that is published
    container "${ workflow.containerEngine in ['singularity', 'apptainer'] && !task.ext.singularity_pull_docker_container ?
        'https://depot.galaxyproject.org/singularity/htlvpvl:0.1.0--0' :
        'biocontainers/htlvpvl:0.1.0--0' }"

    input:
    tuple val(meta), path(reads), path(index)   // BAM/CRAM/SAM + index ([] if none), or [R1, R2] FASTQ + []
    tuple val(meta2), path(fasta)               // reference of a CRAM, or [[], []]

    output:
    tuple val(meta), path("*.summary.json"), emit: summary
    tuple val(meta), path("*.summary.tsv") , emit: summary_tsv
    tuple val(meta), path("*.sites.tsv")   , emit: sites
    tuple val(meta), path("*.sites.bed")   , emit: bed   , optional: true  // BAM/CRAM input
    tuple val(meta), path("*.sites.vcf.gz"), emit: vcf   , optional: true  // BAM/CRAM input
    tuple val(meta), path("*.sites.vcf.gz.tbi"), emit: tbi, optional: true  // .csi for a contig >= 2^29 bp
    tuple val(meta), path("*.flanks.fa")   , emit: flanks, optional: true  // FASTQ input
    tuple val(meta), path("*_mqc.tsv")     , emit: mqc
    tuple val(meta), path("*.attrition.tsv"), emit: attrition
    tuple val("${task.process}"), val('htlvpvl'), eval('htlvpvl --version | head -1 | sed "s/htlvpvl //"'), emit: versions_htlvpvl, topic: versions

    when:
    task.ext.when == null || task.ext.when

    script:
    def args      = task.ext.args ?: ''
    def prefix    = task.ext.prefix ?: "${meta.id}"
    def reference = fasta ? "--reference ${fasta}" : ''
    """
    htlvpvl count \\
        -t ${task.cpus} \\
        -s ${meta.id} \\
        ${reference} \\
        ${args} \\
        -o ${prefix} \\
        ${reads}
    """

    stub:
    def prefix    = task.ext.prefix ?: "${meta.id}"
    """
    echo '{"sample": "${meta.id}"}' > ${prefix}.summary.json
    touch ${prefix}.summary.tsv
    touch ${prefix}.sites.tsv
    touch ${prefix}.sites.bed
    echo "" | gzip > ${prefix}.sites.vcf.gz
    touch ${prefix}.sites.vcf.gz.tbi
    touch ${prefix}.flanks.fa
    touch ${prefix}_mqc.tsv
    touch ${prefix}.attrition.tsv
    """
}
