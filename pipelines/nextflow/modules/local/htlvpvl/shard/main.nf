process HTLVPVL_SHARD {
    tag "${meta.id}"
    label 'process_medium'

    conda "${moduleDir}/environment.yml"
    // biocontainers image of the bioconda package (packaging/bioconda) once that is published
    container "${ workflow.containerEngine in ['singularity', 'apptainer'] && !task.ext.singularity_pull_docker_container ?
        'https://depot.galaxyproject.org/singularity/htlvpvl:0.1.0--0' :
        'biocontainers/htlvpvl:0.1.0--0' }"

    input:
    tuple val(meta), path(reads), path(index), val(shard), val(shards)  // BAM/CRAM + index, part K of N
    tuple val(meta2), path(fasta)                                      // reference of a CRAM, or [[], []]

    output:
    tuple val(meta), path("*.partial"), emit: partial
    tuple val("${task.process}"), val('htlvpvl'), eval('htlvpvl --version | head -1 | sed "s/htlvpvl //"'), emit: versions_htlvpvl, topic: versions

    when:
    task.ext.when == null || task.ext.when

    script:
    def args      = task.ext.args ?: ''
    def prefix    = task.ext.prefix ?: "${meta.id}.${shard}"
    def reference = fasta ? "--reference ${fasta}" : ''
    """
    htlvpvl count \\
        -t ${task.cpus} \\
        -s ${meta.id} \\
        ${reference} \\
        ${args} \\
        --shard ${shard}/${shards} \\
        -o ${prefix} \\
        ${reads}
    """

    stub:
    def prefix    = task.ext.prefix ?: "${meta.id}.${shard}"
    """
    touch ${prefix}.partial
    """
}
