process BWA_MEM {
    tag "${meta.id}"
    label 'process_high'

    conda "${moduleDir}/environment.yml"
    // Seqera Containers image of bwa 0.7.18 + samtools 1.20 (the versions of environment.yml)
    container "${ workflow.containerEngine in ['singularity', 'apptainer'] && !task.ext.singularity_pull_docker_container ?
        'oras://community.wave.seqera.io/library/bwa_samtools:813d9b5fea3890ec' :
        'community.wave.seqera.io/library/bwa_samtools:3938c84206f62975' }"

    input:
    tuple val(meta), path(reads)                // [R1, R2] FASTQ
    tuple val(meta2), path(index)               // BWA_INDEX's folder

    output:
    tuple val(meta), path("${prefix}.bam")    , emit: bam
    tuple val(meta), path("${prefix}.bam.bai"), emit: bai
    tuple val("${task.process}"), val('bwa'), eval('bwa 2>&1 | sed -n "s/^Version: //p"'), emit: versions_bwa, topic: versions
    tuple val("${task.process}"), val('samtools'), eval('samtools --version | sed -n "1s/samtools //p"'), emit: versions_samtools, topic: versions

    when:
    task.ext.when == null || task.ext.when

    script:
    // No -M: with it, bwa flags the parts of split reads secondary instead of supplementary and
    // `htlvpvl count` cannot use them for the junction estimate (it warns).
    def args  = task.ext.args ?: ''
    def args2 = task.ext.args2 ?: ''
    prefix    = task.ext.prefix ?: "${meta.id}"
    """
    INDEX=\$(find -L ./ -name "*.amb" | sed 's/\\.amb\$//')
    bwa mem \\
        -t ${task.cpus} \\
        -R "@RG\\tID:${meta.id}\\tSM:${meta.id}" \\
        ${args} \\
        \$INDEX \\
        ${reads} \\
        | samtools sort ${args2} -@ ${task.cpus} -o ${prefix}.bam -
    samtools index ${prefix}.bam
    """

    stub:
    prefix    = task.ext.prefix ?: "${meta.id}"
    """
    touch ${prefix}.bam
    touch ${prefix}.bam.bai
    """
}
