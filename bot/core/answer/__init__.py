"""Questions answered from the lessons: retrieval, the off-topic gate, the reply."""
